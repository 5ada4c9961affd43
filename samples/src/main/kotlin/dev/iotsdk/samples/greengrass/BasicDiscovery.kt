package dev.iotsdk.samples.greengrass

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.greengrass.GreengrassDiscoveryClient
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration.Companion.seconds

/**
 * The v1 SDK's `basicDiscovery.py` flow: discover the device's Greengrass cores, pick one (the first connectivity
 * entry that accepts a connection), connect trusting the group CA, publish. Against AWS, build the config with
 * `region`, your certificate and key, and `TrustMaterial.fromPemFile(AmazonRootCA1.pem)`; this `main` runs it
 * against an in-process emulator with a Greengrass group and core.
 */
public object BasicDiscovery {
    /** Discovers, connects to a core and publishes [message] on [topic]; returns the endpoint used. */
    public suspend fun run(config: GreengrassDiscoveryConfig, thingName: String, topic: String, message: String): String =
        GreengrassDiscoveryClient.create(config).use { discovery ->
            val info = discovery.discover(thingName)
            info.allGroups.forEach { group -> println("group ${group.groupId}: ${group.cores.size} core(s), ${group.certificateAuthorities.size} CA(s)") }
            val connection = discovery.connectToCore(info, clientId = thingName)
            connection.failedAttempts.forEach { println("could not use ${it.endpoint.describe()}: ${it.reason}") }
            connection.client.use { client ->
                client.publish(MqttMessage.text(topic, message))
                println("published to '$topic' through ${connection.endpoint.describe()}")
            }
            connection.endpoint.describe()
        }

    /** Runs the sample against an emulator. */
    @JvmStatic
    public fun main(args: Array<String>) {
        IotEmulator.start().use { emulator ->
            val device = emulator.registerThing("gg-sample-device")
            val group = emulator.greengrass.createGroup("gg-sample-group")
            emulator.greengrass.addThingToGroup(device.thingName, group.groupId)
            emulator.greengrass.startCore(group.groupId)
            val config = GreengrassDiscoveryConfig {
                endpoint = emulator.endpoint // against AWS: region = "us-west-2"
                port = emulator.port8443
                identity = TlsIdentity.fromPemFiles(device.certificatePath, device.privateKeyPath)
                trust = TrustMaterial.fromPemFile(emulator.caPath) // against AWS: AmazonRootCA1.pem
                timeout = 10.seconds
            }
            runBlocking { run(config, device.thingName, "sdk/test/kotlin", """{"message":"Hello from a Greengrass device"}""") }
        }
    }
}
