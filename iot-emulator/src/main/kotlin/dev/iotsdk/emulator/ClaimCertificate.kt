package dev.iotsdk.emulator

import java.nio.file.Path

/**
 * A fleet provisioning claim certificate issued by [IotEmulator.issueClaimCertificate]: not attached to a thing, and
 * allowed by its policy ([policyName]) only to connect and to use the fleet provisioning topics of its templates.
 */
public class ClaimCertificate internal constructor(
    /** The certificate id (hex SHA-256 of the DER certificate). */
    public val certificateId: String,
    /** The claim certificate, PEM. */
    public val certificatePem: String,
    /** Its private key, PKCS#8 PEM. */
    public val privateKeyPem: String,
    /** Where [certificatePem] was written in the data directory. */
    public val certificatePath: Path,
    /** Where [privateKeyPem] was written in the data directory. */
    public val privateKeyPath: Path,
    /** The claim policy attached to the certificate. */
    public val policyName: String,
) {
    override fun toString(): String = "ClaimCertificate(certificateId=$certificateId, policy=$policyName)"
}
