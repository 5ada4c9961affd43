package dev.iotsdk.provisioning

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.emulator.ClaimCertificate
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.test.FAST_RECONNECT

const val TEMPLATE = "factory"

/** The policy provisioned devices get, and the "factory" template: thing `sensor-<SerialNumber>` (4–12 digits). */
fun IotEmulator.createFactoryTemplate() {
    createPolicy(
        "device",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
    )
    createProvisioningTemplate(
        ProvisioningTemplate(
            TEMPLATE,
            "sensor-{SerialNumber}",
            mapOf("SerialNumber" to "[0-9]{4,12}"),
            policyName = "device",
            deviceConfiguration = mapOf("telemetryTopic" to "telemetry"),
        ),
    )
}

/** The claim connection's settings. */
fun IotEmulator.claimConfig(claim: ClaimCertificate, clientId: String): IotMqttClientConfig = IotMqttClientConfig {
    endpoint = this@claimConfig.endpoint
    port = mqttPort
    connectionType = ConnectionType.MutualTls(TlsIdentity.fromPem(claim.certificatePem, claim.privateKeyPem))
    trust = TrustMaterial.fromPem(caCertificatePem)
    this.clientId = clientId
    reconnect = FAST_RECONNECT
}

fun IotEmulator.claimClient(claim: ClaimCertificate, clientId: String): IotMqttClient =
    IotMqttClient.create(claimConfig(claim, clientId))
