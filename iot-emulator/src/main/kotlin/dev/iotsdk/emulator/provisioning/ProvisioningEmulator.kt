package dev.iotsdk.emulator.provisioning

import dev.iotsdk.emulator.ClaimCertificate
import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.emulator.internal.CertificateRecord
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.provisioning.ClaimPolicy
import dev.iotsdk.emulator.internal.runtime.EmulatorRuntime
import java.nio.file.Files

/**
 * AWS IoT Fleet Provisioning in the emulator ([dev.iotsdk.emulator.IotEmulator.provisioning]): templates, claim
 * certificates and ownership tokens, from the cloud side. Devices call CreateKeysAndCertificate,
 * CreateCertificateFromCsr and RegisterThing over MQTT with a claim certificate.
 *
 * ```kotlin
 * emulator.provisioning.createProvisioningTemplate(ProvisioningTemplate("factory", "sensor-{Serial}", mapOf("Serial" to "[0-9]+")))
 * val claim = emulator.provisioning.issueClaimCertificate("factory") // connect with claim.certificatePath …
 * ```
 * Every method may be called from any thread.
 */
public class ProvisioningEmulator internal constructor(private val runtime: EmulatorRuntime) {
    /**
     * Creates (or replaces) [template], used by devices' RegisterThing on
     * `$aws/provisioning-templates/<name>/provision/json`. See [ProvisioningTemplate].
     */
    public fun createProvisioningTemplate(template: ProvisioningTemplate): Unit =
        runtime.provisioning.createTemplate(template)

    /**
     * Issues a claim certificate (EC P-256, ACTIVE, no thing) with a policy allowing only `iot:Connect` and the fleet
     * provisioning topics of [templateNames] (plus CreateKeysAndCertificate and CreateCertificateFromCsr), written to
     * `claim-<n>.cert.pem` / `claim-<n>.private.key` in the data directory.
     */
    public fun issueClaimCertificate(vararg templateNames: String): ClaimCertificate {
        val config = runtime.config
        val issued = runtime.pki.issueDeviceCertificate("provisioning-claim")
        val id = issued.certificate.certificateId()
        val policyName = "claim-${id.take(POLICY_ID_CHARS)}"
        val document = ClaimPolicy.document(config.region, config.accountId, templateNames.toList())
        runtime.registry.policies[policyName] = Policy.parse(policyName, document)
        runtime.registry.certificates[id] = CertificateRecord(id, null, issued.certificate)
        runtime.registry.attach(policyName, id)
        val certPath = runtime.dataDir.resolve("$policyName.cert.pem")
        val keyPath = runtime.dataDir.resolve("$policyName.private.key")
        Files.writeString(certPath, issued.certificatePem)
        Files.writeString(keyPath, issued.privateKeyPem)
        return ClaimCertificate(id, issued.certificatePem, issued.privateKeyPem, certPath, keyPath, policyName)
    }

    /**
     * Expires every certificate ownership token issued so far, as if their hour had passed (RegisterThing with them
     * is rejected with `InvalidCertificateOwnershipToken`; their certificates are deleted).
     */
    public fun expireOwnershipTokens(): Unit = runtime.provisioning.expireOwnershipTokens()

    private companion object {
        private const val POLICY_ID_CHARS = 12
    }
}
