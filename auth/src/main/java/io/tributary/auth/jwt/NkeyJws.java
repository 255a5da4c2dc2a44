package io.tributary.auth.jwt;

import java.util.Set;

import io.tributary.auth.nkey.NKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * The NATS signature scheme for nimbus-jose-jwt. {@code ed25519-nkey} is not a registered JOSE
 * algorithm: it is plain Ed25519 over the signing input, keyed by an nkey, so nimbus gets it as a
 * custom algorithm with our signer and verifier.
 */
public final class NkeyJws {
  /** The v2 algorithm name. */
  public static final JWSAlgorithm ED25519_NKEY = new JWSAlgorithm("ed25519-nkey");

  /** The v1 algorithm name, read but never written. */
  public static final JWSAlgorithm ED25519_V1 = new JWSAlgorithm("ed25519");

  private NkeyJws() {}

  /** Signs with an nkey that has a seed. */
  public static final class Signer implements JWSSigner {
    private final NKey key;
    private final JCAContext jca = new JCAContext();

    public Signer(NKey key) {
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!key.hasSeed()) {
        throw new JOSEException("signing key " + key.publicKey() + " has no seed");
      }
      return Base64URL.encode(key.sign(signingInput));
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(ED25519_NKEY);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }

  /** Verifies with the issuer's public nkey. */
  public static final class Verifier implements JWSVerifier {
    private final NKey key;
    private final JCAContext jca = new JCAContext();

    public Verifier(NKey key) {
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
      return key.verify(signingInput, signature.decode());
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(ED25519_NKEY, ED25519_V1);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }
}
