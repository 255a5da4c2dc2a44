-- Every JetStream limit of an account JWT is in the account limits now (JSON, with the field names of
-- AccountLimits). Accounts made before get the new fields with the values their JWT had (absent, that is 0 or
-- false) and no tiers; fields a row has already are kept (jsonb ||: keys on the right win).
update account
set limits = '{"maxAckPending": 0, "memoryMaxStreamBytes": 0, "diskMaxStreamBytes": 0,
               "maxBytesRequired": false, "jetStreamTiers": {}}'::jsonb || limits;
