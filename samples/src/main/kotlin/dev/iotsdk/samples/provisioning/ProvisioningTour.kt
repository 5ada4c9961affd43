package dev.iotsdk.samples.provisioning

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.Qos
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.ClaimCertificate
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.provisioning.CertificateMethod
import dev.iotsdk.provisioning.FleetProvisioning
import dev.iotsdk.provisioning.KeyType
import dev.iotsdk.provisioning.PemCredentialsStore
import dev.iotsdk.provisioning.ProvisioningStep
import java.nio.file.Path
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The fleet provisioning part of the demo tour: the cloud side creates a template and a claim certificate (what a
 * manufacturer bakes into every device), then a factory-fresh device connects with the claim, gets its own
 * certificate from a CSR made on the device, registers its thing, saves its identity, reconnects as itself and
 * publishes. Takes a second or two.
 */
internal suspend fun provisioningTour(emulator: IotEmulator, say: (String) -> Unit) {
    val claim = setUpFactory(emulator, "factory", say)
    provisionDevice(
        emulatorClaimConnection(emulator, claim, "factory-fresh-0042"),
        "factory",
        mapOf("SerialNumber" to "0042"),
        emulator.dataDirectory.resolve("sensor-identity.pem"),
        say,
    )
}

/**
 * The cloud side on [emulator]: a policy for provisioned devices, the template [templateName] (things named
 * `sensor-{SerialNumber}`, 4 to 12 digits) and a claim certificate for it.
 */
internal fun setUpFactory(emulator: IotEmulator, templateName: String, say: (String) -> Unit): ClaimCertificate {
    say("fleet provisioning: creating template '$templateName' (thing 'sensor-{SerialNumber}') and a claim certificate")
    emulator.createPolicy(
        "provisioned-device",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
    )
    emulator.createProvisioningTemplate(
        ProvisioningTemplate(
            templateName,
            "sensor-{SerialNumber}",
            mapOf("SerialNumber" to "[0-9]{4,12}"),
            policyName = "provisioned-device",
            deviceConfiguration = mapOf("telemetryTopic" to "telemetry"),
        ),
    )
    return emulator.issueClaimCertificate(templateName)
}

/** The claim connection to [emulator] with [claim]'s certificate. */
internal fun emulatorClaimConnection(
    emulator: IotEmulator,
    claim: ClaimCertificate,
    clientId: String,
): IotMqttClientConfig = IotMqttClientConfig {
    endpoint = emulator.endpoint
    port = emulator.mqttPort
    connectionType = ConnectionType.MutualTls(TlsIdentity.fromPemFiles(claim.certificatePath, claim.privateKeyPath))
    trust = TrustMaterial.fromPemFile(emulator.caPath)
    this.clientId = clientId
    reconnect = ReconnectPolicy(baseDelay = 200.milliseconds, maxDelay = 2.seconds)
}

/**
 * The device side, the same against AWS IoT and the emulator: with the claim connection [claim], provisions a thing
 * from [templateName] and [parameters] (a certificate for a key made on the device), saves the identity in
 * [identityFile] — or, when that file already holds one, connects with it — then publishes. Returns the thing name.
 */
internal suspend fun provisionDevice(
    claim: IotMqttClientConfig,
    templateName: String,
    parameters: Map<String, String>,
    identityFile: Path,
    say: (String) -> Unit,
): String {
    val provisioning = FleetProvisioning {
        this.claim = claim
        this.templateName = templateName
        this.parameters = parameters
        store = PemCredentialsStore(identityFile)
        certificateMethod = CertificateMethod.GenerateCsr(KeyType.EC_P256)
        listener = { step ->
            when (step) {
                ProvisioningStep.CONNECT_WITH_CLAIM -> say("  device: connected with the claim certificate")
                ProvisioningStep.CREATE_CERTIFICATE -> say(
                    "  device: got a certificate for its own EC P-256 key (the key never left the device)",
                )
                ProvisioningStep.REGISTER_THING -> say("  device: RegisterThing accepted")
                ProvisioningStep.PERSIST -> say("  device: identity saved atomically to ${identityFile.fileName}")
                ProvisioningStep.CONNECT_WITH_NEW_IDENTITY -> say("  device: reconnected with its own certificate")
            }
        }
    }
    say(
        "  device: connecting to ${claim.endpoint}:${claim.port} (template '$templateName', identity file " +
            "$identityFile)",
    )
    return provisioning.connectOrProvision().use { device ->
        val thing = device.credentials.thingName
        val how = if (device.provisioned) "is now" else "already provisioned (identity file), connected as"
        say(
            "fleet provisioning: device $how '$thing' (certificate ${device.credentials.certificateId.take(
                12,
            )}…), config ${device.deviceConfiguration}",
        )
        val topic = "${device.deviceConfiguration["telemetryTopic"] ?: "telemetry"}/$thing"
        device.client.publish(topic, """{"firstBoot":${device.provisioned}}""".encodeToByteArray(), Qos.AT_LEAST_ONCE)
        say("fleet provisioning: '$thing' published to $topic with its own identity")
        thing
    }
}
