package dev.iotsdk.provisioning

/** The key types [CertificateSigningRequest.generate] creates on the device. */
public enum class KeyType {
    /** EC on NIST P-256 (secp256r1), signed with SHA256withECDSA: small and fast, the recommended choice. */
    EC_P256,

    /** RSA 2048, signed with SHA256withRSA. */
    RSA_2048,
}
