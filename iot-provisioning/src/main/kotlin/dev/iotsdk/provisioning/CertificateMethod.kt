package dev.iotsdk.provisioning

/** How [FleetProvisioning] obtains the device's certificate. */
public sealed class CertificateMethod {
    /**
     * CreateCertificateFromCsr with a key pair of [keyType] generated on the device (the default, EC P-256): the
     * private key never leaves the device.
     */
    public class GenerateCsr @JvmOverloads constructor(
        /** The key type. */
        public val keyType: KeyType = KeyType.EC_P256,
    ) : CertificateMethod() {
        override fun toString(): String = "GenerateCsr($keyType)"
    }

    /** CreateCertificateFromCsr with a request made elsewhere (for example for a key in a secure element). */
    public class ProvidedCsr(
        /** The request and its key pair. */
        public val csr: CertificateSigningRequest,
    ) : CertificateMethod() {
        override fun toString(): String = "ProvidedCsr($csr)"
    }

    /** CreateKeysAndCertificate: AWS IoT generates the key pair and sends the private key over the claim connection. */
    public object CreateKeys : CertificateMethod() {
        override fun toString(): String = "CreateKeys"
    }
}
