package dev.iotsdk.samples.provisioning

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.Qos
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.provisioning.CertificateMethod
import dev.iotsdk.provisioning.FleetProvisioning
import dev.iotsdk.provisioning.KeyType
import dev.iotsdk.provisioning.PemCredentialsStore
import dev.iotsdk.provisioning.ProvisioningStep
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The fleet provisioning part of the demo tour: the cloud side creates a template and a claim certificate (what a
 * manufacturer bakes into every device), then a factory-fresh device connects with the claim, gets its own
 * certificate from a CSR made on the device, registers its thing, saves its identity, reconnects as itself and
 * publishes. Takes a second or two.
 */
internal suspend fun provisioningTour(emulator: IotEmulator, say: (String) -> Unit) {
    say("fleet provisioning: creating template 'factory' (thing 'sensor-{SerialNumber}') and a claim certificate")
    emulator.createPolicy(
        "provisioned-device",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
    )
    emulator.createProvisioningTemplate(
        ProvisioningTemplate(
            "factory", "sensor-{SerialNumber}", mapOf("SerialNumber" to "[0-9]{4,12}"), policyName = "provisioned-device",
            deviceConfiguration = mapOf("telemetryTopic" to "telemetry"),
        ),
    )
    val claim = emulator.issueClaimCertificate("factory")
    val identityFile = emulator.dataDirectory.resolve("sensor-identity.pem")

    val provisioning = FleetProvisioning {
        this.claim = IotMqttClientConfig {
            endpoint = emulator.endpoint
            port = emulator.mqttPort
            connectionType = ConnectionType.MutualTls(TlsIdentity.fromPemFiles(claim.certificatePath, claim.privateKeyPath))
            trust = TrustMaterial.fromPemFile(emulator.caPath)
            clientId = "factory-fresh-0042"
            reconnect = ReconnectPolicy(baseDelay = 200.milliseconds, maxDelay = 2.seconds)
        }
        templateName = "factory"
        parameters = mapOf("SerialNumber" to "0042")
        store = PemCredentialsStore(identityFile)
        certificateMethod = CertificateMethod.GenerateCsr(KeyType.EC_P256)
        listener = { step ->
            when (step) {
                ProvisioningStep.CONNECT_WITH_CLAIM -> say("  device: connected with the claim certificate")
                ProvisioningStep.CREATE_CERTIFICATE -> say("  device: got a certificate for its own EC P-256 key (the key never left the device)")
                ProvisioningStep.REGISTER_THING -> say("  device: RegisterThing accepted")
                ProvisioningStep.PERSIST -> say("  device: identity saved atomically to ${identityFile.fileName}")
                ProvisioningStep.CONNECT_WITH_NEW_IDENTITY -> say("  device: reconnected with its own certificate")
            }
        }
    }
    provisioning.connectOrProvision().use { device ->
        val thing = device.credentials.thingName
        say("fleet provisioning: device is now '$thing' (certificate ${device.credentials.certificateId.take(12)}…), config ${device.deviceConfiguration}")
        val topic = "${device.deviceConfiguration["telemetryTopic"] ?: "telemetry"}/$thing"
        device.client.publish(topic, """{"firstBoot":true}""".encodeToByteArray(), Qos.AT_LEAST_ONCE)
        say("fleet provisioning: '$thing' published to $topic with its new identity")
    }
}
