package dev.iotsdk.samples.provisioning

import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.samples.SampleOptions
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.runBlocking
import java.nio.file.Paths
import java.util.UUID

/**
 * Kotlin sample: a factory-fresh device provisions itself by claim (Fleet Provisioning) and publishes with its new
 * identity. Without `--endpoint` it runs against the in-process emulator, which plays the cloud side (template and
 * claim certificate); with `--endpoint … --cert claim.pem.crt --key claim.private.key --template <name>` against AWS
 * IoT. `--help` lists the flags.
 *
 * `mvn -B -q -pl samples -am -DskipTests compile exec:java
 * -Dexec.mainClass=dev.iotsdk.samples.provisioning.FactoryFreshDevice`
 */
public object FactoryFreshDevice {
    /** This sample's own flags, printed by `--help` after the shared ones. */
    public const val USAGE: String = """FactoryFreshDevice flags (--cert and --key are the CLAIM certificate and key):
  --template <name>     the fleet provisioning template (required with --endpoint; default 'factory' on the
                        emulator, which creates it with things named sensor-{SerialNumber})
  --param <Name=Value>  a template parameter; repeat for several (default SerialNumber=0042)
  --identity <file>     where the device's new certificate and key are saved (default provisioned-identity.pem, in
                        the emulator's data folder with the emulator); when the file already holds an identity
                        the device connects with it instead of provisioning again
  --thing is not used: the template names the thing; --client-id names the claim connection"""

    /** The sample's own flags (shared with [FactoryFreshDeviceJava]). */
    @JvmField
    public val FLAGS: Set<String> = setOf("template", "param", "identity")

    /** Runs the sample; exits 2 on bad flags, 1 when provisioning fails. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val options = SampleOptions.parseOrExit(
            args,
            "${SampleOptions.USAGE}\n$USAGE",
            FLAGS,
            requiredWithEndpoint = setOf("template"),
        )
        val out = Transcript()
        SampleOptions.runOrExit { runBlocking { run(options, out::say) } }
        out.say("done")
    }

    /** Provisions (or connects with a saved identity) as [options] say; returns the thing name. */
    public suspend fun run(options: SampleOptions, say: (String) -> Unit): String {
        val params = options.params().ifEmpty { mapOf("SerialNumber" to "0042") }
        val identity = options.extra("identity")?.let { Paths.get(it) }
        val endpoint = options.endpoint
        if (endpoint == null) {
            say("FactoryFreshDevice against the embedded emulator")
            return IotEmulator.start().use { emulator ->
                val template = options.extra("template") ?: "factory"
                val claim = setUpFactory(emulator, template, say)
                val connection = emulatorClaimConnection(
                    emulator,
                    claim,
                    options.clientId ?: "factory-fresh-${params.values.first()}",
                )
                provisionDevice(
                    connection,
                    template,
                    params,
                    identity ?: emulator.dataDirectory.resolve("provisioned-identity.pem"),
                    say,
                )
            }
        }
        say("FactoryFreshDevice against $endpoint")
        val claim = IotMqttClientConfig {
            this.endpoint = endpoint
            options.port?.let { port = it }
            connectionType = ConnectionType.MutualTls(options.identity())
            trust = options.trust()
            clientId = options.clientId ?: "factory-fresh-${UUID.randomUUID().toString().take(8)}"
        }
        return provisionDevice(
            claim,
            options.extra("template")!!,
            params,
            identity ?: Paths.get("provisioned-identity.pem"),
            say,
        )
    }
}
