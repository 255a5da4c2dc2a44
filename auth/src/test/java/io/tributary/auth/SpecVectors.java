package io.tributary.auth;

/**
 * Test vectors from the compatibility spec (nats-auth.md §1.8 and §2.13), verified against nkeys.js
 * and jnats.
 */
public final class SpecVectors {
  public static final String OPERATOR_SEED =
      "SOAAAAICAMCAKBQHBAEQUCYMBUHA6EARCIJRIFIWC4MBSGQ3DQOR4H2AJA";
  public static final String OPERATOR_PUB =
      "OAB2CB576PHBBPQ5ODORRZ2LYCMWPZGWGCN2KDK7DXOIMZASKUY3QZVT";
  public static final String ACCOUNT_SEED =
      "SAACAIJCEMSCKJRHFAUSUKZMFUXC6MBRGIZTINJWG44DSOR3HQ6T4P7MNU";
  public static final String ACCOUNT_PUB =
      "AAU2ZOXBIG6MV4FSFYNJJU2NBPDTMHSSNUF74EWIS6KLZEZCSZW5OICT";
  public static final String USER_SEED =
      "SUAEAQKCINCEKRSHJBEUUS2MJVHE6UCRKJJVIVKWK5MFSWS3LROV4XZ7LE";
  public static final String USER_PUB = "UASUHOJP6EEVKEKHNLOIG2O3NXOJGNTFUEMXRXNBIBHOCBTMVFKZ3BWH";
  public static final String USER_PRIVATE =
      "PBAECQSDIRCUMR2IJFFEWTCNJZHVAUKSKNKFKVSXLBMVUW24LVPF6JKDXEX7CCKVCFDWVXEDNHNW3XETGZS2CGLY3WQUATXBAZWKSVM5IQ4Q";
  public static final String SERVER_PUB =
      "NALUKU5UK3O57RUQR3FLDQIB7ZVLEHRLVIDBO6K3PVB2MNECTE75KIVQ";

  public static final String NONCE = "aBcDeFgHiJkLmNo";
  public static final String NONCE_SIG_RAW_URL =
      "wAzF6jC84QH75sJFuY5veDON8qg1qvLIU8QwBTa0oyKtf7QEyDDKOff35H4PzgD3ZI-TsFb0DE7XDF9_ef_rBQ";
  public static final String NONCE_SIG_STD =
      "wAzF6jC84QH75sJFuY5veDON8qg1qvLIU8QwBTa0oyKtf7QEyDDKOff35H4PzgD3ZI+TsFb0DE7XDF9/ef/rBQ==";

  public static final String OPERATOR_JWT =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJqdGkiOiJKT0xSVlNITzdRWjRCWkhEUUhaNzVUSDNLRFNJNDVaN1FYT0xCVzNWTzNCM1VQWUpaUTdRIiwiaWF0IjoxNzAwMDAwMDAwLCJpc3MiOiJPQUIyQ0I1NzZQSEJCUFE1T0RPUlJaMkxZQ01XUFpHV0dDTjJLREs3RFhPSU1aQVNLVVkzUVpWVCIsIm5hbWUiOiJPUCIsInN1YiI6Ik9BQjJDQjU3NlBIQkJQUTVPRE9SUloyTFlDTVdQWkdXR0NOMktESzdEWE9JTVpBU0tVWTNRWlZUIiwibmF0cyI6eyJzeXN0ZW1fYWNjb3VudCI6IkFBVTJaT1hCSUc2TVY0RlNGWU5KSlUyTkJQRFRNSFNTTlVGNzRFV0lTNktMWkVaQ1NaVzVPSUNUIiwidHlwZSI6Im9wZXJhdG9yIiwidmVyc2lvbiI6Mn19.EyLv6HpEPW7Gu9HvPS9Y2VWCkL9O1ftMKuk_Np2Uqr9V6b9cj9aZfQca2pRWYc7a-UIVQy-1KHowy1tejoYQBg";
  public static final String USER_JWT =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJqdGkiOiI1QjI1Vlc0RUMzTEdTTkxUR1daTlc2S1pCMkk2SlZTQzdZQTJUUEdNU0dBRE4yUkhQU1pBIiwiaWF0IjoxNzAwMDAwMDAyLCJpc3MiOiJBQVUyWk9YQklHNk1WNEZTRllOSkpVMk5CUERUTUhTU05VRjc0RVdJUzZLTFpFWkNTWlc1T0lDVCIsIm5hbWUiOiJVU1IiLCJzdWIiOiJVQVNVSE9KUDZFRVZLRUtITkxPSUcyTzNOWE9KR05URlVFTVhSWE5CSUJIT0NCVE1WRktaM0JXSCIsIm5hdHMiOnsicHViIjp7fSwic3ViIjp7fSwic3VicyI6LTEsImRhdGEiOi0xLCJwYXlsb2FkIjotMSwidHlwZSI6InVzZXIiLCJ2ZXJzaW9uIjoyfX0.Ffc-IJ6sNyy2mbicob7lF906ghs7mBb57SKdoO9oIZVPhrXSf295kYxsXudVacaC2ePpo_r5svd2Lw3ev27FBg";

  /** The account vector's payload JSON (§2.13 "Account, minimal") and signature segment. */
  public static final String ACCOUNT_PAYLOAD =
      "{\"jti\":\"GWTMQHFUQUCUQQH7SMPZLDJZ6F5NNUYIMD6UZV7XCZE6QKBUX2TA\",\"iat\":1700000001,"
          + "\"iss\":\"OAB2CB576PHBBPQ5ODORRZ2LYCMWPZGWGCN2KDK7DXOIMZASKUY3QZVT\",\"name\":\"ACC\","
          + "\"sub\":\"AAU2ZOXBIG6MV4FSFYNJJU2NBPDTMHSSNUF74EWIS6KLZEZCSZW5OICT\","
          + "\"nats\":{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
          + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1},\"default_permissions\":{\"pub\":{},\"sub\":{}},"
          + "\"authorization\":{},\"type\":\"account\",\"version\":2}}";

  public static final String ACCOUNT_SIGNATURE =
      "8c8r-CDGqSszDtMmzYMJWkeAmUCU10OZ7Q6AG6sZYJSETQIl-1dT6cD5M6kedz5Q9i56me0wQ8zd5xQf511iCg";

  /** A real Go token (nats-server server/configs/js-op.conf) for the jti algorithm. */
  public static final String GO_OPERATOR_JTI =
      "2RG4Z2JW63IKAKW3HX4JJLAXQ7VR3CJVTPSQGQTBSFEB5JNCHIJQ";

  private SpecVectors() {}
}
