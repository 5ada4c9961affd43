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

/** The steps of [FleetProvisioning.provision], in order. */
public enum class ProvisioningStep {
    /** Connecting with the claim certificate. */
    CONNECT_WITH_CLAIM,

    /** Obtaining the certificate (CreateCertificateFromCsr or CreateKeysAndCertificate). */
    CREATE_CERTIFICATE,

    /** RegisterThing with the template. */
    REGISTER_THING,

    /** Saving the new credentials in the [CredentialsStore]. */
    PERSIST,

    /** Connecting with the new identity. */
    CONNECT_WITH_NEW_IDENTITY,
}

/**
 * Told when each [ProvisioningStep] of [FleetProvisioning.provision] has completed, on the provisioning coroutine
 * (do not block long). An exception it throws fails provisioning at that step.
 */
public fun interface ProvisioningListener {
    /** [step] has completed. */
    public fun stepCompleted(step: ProvisioningStep)
}
