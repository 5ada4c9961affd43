package dev.iotsdk.provisioning

import dev.iotsdk.auth.TlsIdentity

/**
 * A device's own identity after fleet provisioning: its thing, certificate and private key. [toString] never shows the
 * key.
 */
public class DeviceCredentials(
    /** The thing the certificate is attached to. */
    public val thingName: String,
    /** The certificate id. */
    public val certificateId: String,
    /** The device certificate, PEM. */
    public val certificatePem: String,
    /** The private key, PEM (PKCS#8, or PKCS#1 RSA as CreateKeysAndCertificate returns it). A secret. */
    public val privateKeyPem: String,
) {
    init {
        require(thingName.isNotEmpty() && thingName.none { it == '\n' || it == '\r' }) { "invalid thing name" }
        require(
            certificateId.isNotEmpty() &&
                certificateId.none {
                    it == '\n' || it == '\r'
                },
        ) { "invalid certificate id" }
    }

    /**
     * The TLS identity for [dev.iotsdk.core.ConnectionType.MutualTls].
     * @throws dev.iotsdk.auth.TlsMaterialException when the PEM is unusable.
     */
    public fun tlsIdentity(): TlsIdentity = TlsIdentity.fromPem(certificatePem, privateKeyPem)

    override fun toString(): String =
        "DeviceCredentials(thingName=$thingName, certificateId=$certificateId, privateKey=***)"
}
