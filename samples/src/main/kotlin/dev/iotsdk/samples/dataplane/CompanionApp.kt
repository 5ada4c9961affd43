package dev.iotsdk.samples.dataplane

import dev.iotsdk.auth.DefaultCredentialsProvider
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.model.shadow.desired
import dev.iotsdk.samples.SampleOptions
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.runBlocking

/**
 * A companion app (a phone or back-end talking HTTPS only) for a lamp running the shadow state-sync sample.
 *
 * - With `--endpoint <data-ats endpoint> [--region R] [--thing T] [--power on|off] [--ca file]` (or the positional
 *   arguments `<data-ats endpoint> <region> <thing> <on|off>`) it talks to AWS IoT with the default credentials
 *   chain: reads the lamp's shadow, sets `desired.power`, and lists the retained messages. `--help` lists the flags.
 * - Without arguments it runs the whole story on an in-process emulator, the lamp included ([dataPlaneTour]).
 *
 * `mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.dataplane.CompanionApp`
 */
public object CompanionApp {
    /** The flags, as `--help` prints them (shared with [CompanionAppJava]). */
    public const val USAGE: String = """CompanionApp flags (HTTPS signed with SigV4; credentials from the environment or ~/.aws):
  --endpoint <host>     the account's data endpoint (<prefix>-ats.iot.<region>.amazonaws.com, or an https:// URL);
                        without it the whole story runs on the embedded emulator
  --region <region>     AWS region (default: the one in the endpoint's name)
  --thing <name>        the lamp's thing name (default lamp-1)
  --power <on|off>      the desired power to set (default on)
  --ca <file>           CA certificate(s), PEM (default: the JVM's trust store)
  --help                print this help and exit
The other shared flags (--cert, --key, --client-id, --port) are accepted and not used: the app signs with SigV4.
Positional form, also accepted: <endpoint> <region> <thing> <on|off>"""

    /** The sample's own flags (shared with [CompanionAppJava]). */
    @JvmField
    public val FLAGS: Set<String> = setOf("power")

    /** Runs the app; see the class documentation for the arguments. Exits 2 on bad flags, 1 when a call fails. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val options = if (args.size >= 4 && !args[0].startsWith("-")) {
            SampleOptions.parseOrExit(
                arrayOf("--endpoint", args[0], "--region", args[1], "--thing", args[2], "--power", args[3]),
                USAGE,
                FLAGS,
                false,
            )
        } else {
            SampleOptions.parseOrExit(args, USAGE, FLAGS, needsIdentity = false)
        }
        val power = options.extra("power") ?: "on"
        if (power != "on" && power != "off") SampleOptions.usageError("--power must be on or off, got '$power'", USAGE)
        val out = Transcript()
        SampleOptions.runOrExit { runBlocking { run(options, out::say) } }
        out.say("done")
    }

    /** Runs the app as [options] say: the whole story on the embedded emulator, or the app's part against AWS IoT. */
    public suspend fun run(options: SampleOptions, say: (String) -> Unit) {
        val endpointArg = options.endpoint
        if (endpointArg == null) {
            IotEmulator.start().use { emulator -> dataPlaneTour(emulator, say) }
            return
        }
        val thing = options.thing ?: "lamp-1"
        val power = options.extra("power") ?: "on"
        IotDataPlaneClient {
            endpoint = endpointArg
            options.region?.let { region = it }
            options.ca?.let { trust = options.trust() }
            credentialsProvider = DefaultCredentialsProvider
        }.use { app ->
            say("shadow of $thing: ${app.getThingShadow(thing).state}")
            val accepted = app.updateThingShadow(thing, ShadowState.desired(Lamp(power = power)))
            say("desired power=$power accepted as version ${accepted.version}; the lamp reports it when it syncs")
            app.listRetainedMessagesPaginated().collect { page ->
                page.retainedTopics.forEach { say("retained: ${it.topic}") }
            }
        }
    }
}
