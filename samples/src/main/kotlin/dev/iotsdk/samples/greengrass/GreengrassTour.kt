package dev.iotsdk.samples.greengrass

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.greengrass.EmulatedConnectivity
import dev.iotsdk.greengrass.GreengrassDiscoveryClient
import java.net.ServerSocket
import kotlin.time.Duration.Companion.seconds

/**
 * The Greengrass part of the demo tour: a device in a Greengrass group discovers its core (443 with ALPN
 * `x-amzn-http-ca`), tries the core's connectivity entries in order (the first is dead on purpose), connects to the
 * core over TLS trusting the group CA, and publishes through it.
 */
internal suspend fun greengrassTour(emulator: IotEmulator, say: (String) -> Unit) {
    val device = emulator.registerThing("gg-tour-device")
    val group = emulator.greengrass.createGroup("gg-tour-group")
    emulator.greengrass.addThingToGroup(device.thingName, group.groupId)
    val core = emulator.greengrass.startCore(group.groupId, addConnectivity = false)
    val deadPort = ServerSocket(0).use { it.localPort }
    emulator.greengrass.setConnectivity(
        group.groupId,
        listOf(EmulatedConnectivity("AUTOIP_192.0.2.1_0", "127.0.0.1", deadPort, "powered off"), core.connectivity),
    )
    say(
        "greengrass: group ${group.groupId} with a core on port ${core.port} (its certificate is signed by the " +
            "group CA)",
    )

    GreengrassDiscoveryClient {
        endpoint = emulator.endpoint
        alpn = true
        port = emulator.port443
        identity = TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem)
        trust = TrustMaterial.fromPem(emulator.caCertificatePem)
        timeout = 30.seconds
    }.use { discovery ->
        val info = discovery.discover(device.thingName)
        val cores = info.allCores
        say(
            "greengrass: discovered ${info.allGroups.size} group(s), core ${cores.single().thingArn} at " +
                cores.single().connectivity.joinToString { "${it.hostAddress}:${it.portNumber}" },
        )
        val connection = discovery.connectToCore(info, clientId = device.thingName)
        connection.failedAttempts.forEach { say("greengrass: skipped ${it.endpoint.describe()}: ${it.reason}") }
        connection.client.use { client ->
            say(
                "greengrass: connected to the core at " +
                    "${connection.endpoint.connectivity.hostAddress}:${connection.endpoint.connectivity.portNumber}",
            )
            client.publish(MqttMessage.text("greengrass/tour", """{"hello":"core"}"""))
            say("greengrass: published through the core")
        }
    }
}
