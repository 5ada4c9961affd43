package dev.iotsdk.samples.dataplane

import dev.iotsdk.auth.DefaultCredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.model.shadow.desired
import dev.iotsdk.samples.SampleOptions
import kotlinx.coroutines.runBlocking
import java.nio.file.Paths

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
    private const val USAGE = """CompanionApp flags (HTTPS signed with SigV4; credentials from the environment or ~/.aws):
  --endpoint <host>     the account's data endpoint (<prefix>-ats.iot.<region>.amazonaws.com, or an https:// URL);
                        without it the whole story runs on the embedded emulator
  --region <region>     AWS region (default: the one in the endpoint's name)
  --thing <name>        the lamp's thing name (default lamp-1)
  --power <on|off>      the desired power to set (default on)
  --ca <file>           CA certificate(s), PEM (default: the JVM's trust store)
  --help                print this help and exit
Positional form, also accepted: <endpoint> <region> <thing> <on|off>"""

    /** Runs the app; see the class documentation for the arguments. */
    @JvmStatic
    public fun main(args: Array<String>): Unit = runBlocking {
        val options = if (args.size >= 4 && !args[0].startsWith("-")) {
            SampleOptions.parse(arrayOf("--endpoint", args[0], "--region", args[1], "--thing", args[2], "--power", args[3]), setOf("power"), false)
        } else {
            SampleOptions.parseOrExit(args, USAGE, setOf("power"), needsIdentity = false)
        }
        val endpointArg = options.endpoint
        if (endpointArg == null) {
            IotEmulator.start().use { emulator -> dataPlaneTour(emulator) { println(it) } }
            return@runBlocking
        }
        val thing = options.thing ?: "lamp-1"
        val power = options.extra["power"] ?: "on"
        IotDataPlaneClient {
            endpoint = endpointArg
            options.region?.let { region = it }
            options.ca?.let { trust = TrustMaterial.fromPemFile(Paths.get(it)) }
            credentialsProvider = DefaultCredentialsProvider
        }.use { app ->
            println("shadow of $thing: ${app.getThingShadow(thing).state}")
            val accepted = app.updateThingShadow(thing, ShadowState.desired(Lamp(power = power)))
            println("desired power=$power accepted as version ${accepted.version}; the lamp reports it when it syncs")
            app.listRetainedMessagesPaginated().collect { page -> page.retainedTopics.forEach { println("retained: ${it.topic}") } }
        }
    }
}
