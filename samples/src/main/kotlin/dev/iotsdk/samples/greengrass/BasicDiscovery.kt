package dev.iotsdk.samples.greengrass

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.greengrass.GreengrassDiscoveryClient
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import dev.iotsdk.samples.SampleOptions
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration.Companion.seconds

/**
 * The v1 SDK's `basicDiscovery.py` flow: discover the device's Greengrass cores, pick one (the first connectivity
 * entry that accepts a connection), connect trusting the group CA, publish. Without `--endpoint` it runs against an
 * in-process emulator with a Greengrass group and core; with `--endpoint … --cert … --key … --thing …` against AWS
 * IoT (discovery at `greengrass-ats.iot.<region>.amazonaws.com:8443`). `--help` lists the flags.
 */
public object BasicDiscovery {
    /** This sample's own flags, printed by `--help` after the shared ones (shared with [BasicDiscoveryJava]). */
    public const val USAGE: String = """BasicDiscovery flags (discovery is HTTPS with the device certificate):
  --endpoint            only its region is used: discovery goes to greengrass-ats.iot.<region>.amazonaws.com; a
                        host name without a region (e.g. a test server) is used as the discovery host itself
  --port <port>         the discovery port (default 8443); the cores' MQTT ports come from discovery
  --topic <topic>       where to publish through the core (default sdk/test/<kotlin|java>)
  --message <text>      what to publish (default a JSON greeting)"""

    /** The sample's own flags. */
    @JvmField
    public val FLAGS: Set<String> = setOf("topic", "message")

    /** Discovers, connects to a core and publishes [message] on [topic]; returns the endpoint used. */
    public suspend fun run(
        config: GreengrassDiscoveryConfig,
        thingName: String,
        topic: String,
        message: String,
        say: (String) -> Unit = ::println,
    ): String = GreengrassDiscoveryClient.create(config).use { discovery ->
        say("discovering the Greengrass cores of '$thingName' at ${config.endpoint}:${config.port}")
        val info = discovery.discover(thingName)
        info.allGroups.forEach { group ->
            say("group ${group.groupId}: ${group.cores.size} core(s), ${group.certificateAuthorities.size} CA(s)")
        }
        say("connecting to a core")
        val connection = discovery.connectToCore(info, clientId = thingName)
        connection.failedAttempts.forEach { say("could not use ${it.endpoint.describe()}: ${it.reason}") }
        connection.client.use { client ->
            client.publish(MqttMessage.text(topic, message))
            say("published to '$topic' through ${connection.endpoint.describe()}")
        }
        connection.endpoint.describe()
    }

    /** Runs the sample; exits 2 on bad flags, 1 when discovery or the connection fails. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val options = SampleOptions.parseOrExit(args, "${SampleOptions.USAGE}\n$USAGE", FLAGS)
        val out = Transcript()
        SampleOptions.runOrExit { runBlocking { run(options, out::say) } }
        out.say("done")
    }

    /** Runs the sample as [options] say: against the embedded emulator, or AWS IoT with `--endpoint`. */
    public suspend fun run(options: SampleOptions, say: (String) -> Unit): String {
        val thing = options.thing ?: "gg-sample-device"
        val topic = options.extra("topic") ?: "sdk/test/kotlin"
        val message = options.extra("message") ?: """{"message":"Hello from a Greengrass device"}"""
        if (options.endpoint != null) return run(awsConfig(options), thing, topic, message, say)
        say("BasicDiscovery against the embedded emulator (a group with one core)")
        return IotEmulator.start().use { emulator ->
            val device = emulator.registerThing(thing)
            val group = emulator.greengrass.createGroup("gg-sample-group")
            emulator.greengrass.addThingToGroup(device.thingName, group.groupId)
            emulator.greengrass.startCore(group.groupId)
            val config = GreengrassDiscoveryConfig {
                endpoint = emulator.endpoint
                port = emulator.port8443
                identity = TlsIdentity.fromPemFiles(device.certificatePath, device.privateKeyPath)
                trust = TrustMaterial.fromPemFile(emulator.caPath)
                timeout = 10.seconds
            }
            run(config, device.thingName, topic, message, say)
        }
    }

    /**
     * The discovery settings [options] name: the region of `--endpoint` (or `--region`), unless the endpoint names no
     * region, then it is the discovery host; the device identity; `--ca` or the JVM's trust store.
     */
    @JvmStatic
    public fun awsConfig(options: SampleOptions): GreengrassDiscoveryConfig = GreengrassDiscoveryConfig {
        val given = requireNotNull(options.endpoint) { "--endpoint was not given" }
        val regionInName = SampleOptions.regionOf(given)
        if (regionInName != null) {
            region = options.region ?: regionInName
        } else {
            endpoint = given
            region = options.region
        }
        options.port?.let { port = it }
        identity = options.identity()
        trust = options.trust()
        timeout = 30.seconds
    }
}
