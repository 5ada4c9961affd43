package dev.iotsdk.provisioning

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
