package dev.iotsdk.samples

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.IotEmulator
import java.nio.file.Path
import java.nio.file.Paths
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Where a sample connects: the embedded emulator (the default: it starts in-process and registers the thing), or AWS
 * IoT when the arguments name an endpoint and a device identity:
 *
 * `--endpoint <prefix>-ats.iot.<region>.amazonaws.com --cert device.pem.crt --key private.pem.key [--ca AmazonRootCA1.pem] [--thing name] [--port 8883]`
 *
 * Used by the Kotlin and the Java samples alike.
 */
public class SampleTarget private constructor(
    /** The emulator when the sample runs locally, else `null`. */
    public val emulator: IotEmulator?,
    /** The thing the sample acts for. */
    public val thingName: String,
    private val endpoint: String,
    private val port: Int,
    private val identity: () -> TlsIdentity,
    private val trust: TrustMaterial,
) : AutoCloseable {
    /** A configuration for an MQTT client [clientId] of this target (mutual TLS, fast reconnects). */
    public fun config(clientId: String): IotMqttClientConfig = IotMqttClientConfig.builder()
        .endpoint(endpoint).port(port).clientId(clientId)
        .connectionType(ConnectionType.MutualTls(identity()))
        .trust(trust)
        .reconnect(ReconnectPolicy(baseDelay = 200.milliseconds, maxDelay = 5.seconds))
        .build()

    /** A new (unconnected) MQTT client [clientId] of this target. */
    public fun client(clientId: String): IotMqttClient = IotMqttClient.create(config(clientId))

    /** Where the sample runs, for its transcript. */
    public fun describe(): String = if (emulator != null) "the embedded emulator (${emulator.endpoint}:$port)" else "$endpoint:$port"

    /** Stops the emulator, if this target started one. */
    override fun close() {
        emulator?.close()
    }

    /** Factories. */
    public companion object {
        /** The target the sample's [args] name; [defaultThing] when `--thing` is absent. */
        @JvmStatic
        public fun fromArgs(args: Array<String>, defaultThing: String): SampleTarget {
            val options = parse(args)
            val thing = options["thing"] ?: defaultThing
            val endpoint = options["endpoint"]
            if (endpoint == null) {
                val emulator = IotEmulator.start()
                val device = emulator.registerThing(thing)
                return SampleTarget(
                    emulator, thing, emulator.endpoint, emulator.mqttPort,
                    { TlsIdentity.fromPemFiles(device.certificatePath, device.privateKeyPath) },
                    TrustMaterial.fromPemFile(emulator.caPath),
                )
            }
            val cert = path(options, "cert")
            val key = path(options, "key")
            val trust = options["ca"]?.let { TrustMaterial.fromPemFile(Paths.get(it)) } ?: TrustMaterial.system()
            return SampleTarget(null, thing, endpoint, options["port"]?.toInt() ?: 8883, { TlsIdentity.fromPemFiles(cert, key) }, trust)
        }

        private fun path(options: Map<String, String>, name: String): Path =
            Paths.get(requireNotNull(options[name]) { "--$name is required with --endpoint" })

        private fun parse(args: Array<String>): Map<String, String> {
            val out = HashMap<String, String>()
            var i = 0
            while (i < args.size) {
                val name = args[i]
                require(name.startsWith("--") && i + 1 < args.size) { "expected --name value pairs, got '$name'" }
                out[name.removePrefix("--")] = args[i + 1]
                i += 2
            }
            return out
        }
    }
}

/** Prints a transcript line with the time since the sample started. */
public class Transcript {
    private val start = System.nanoTime()

    /** Prints [what]. */
    public fun say(what: String) {
        val ms = (System.nanoTime() - start) / 1_000_000
        println(String.format("[%6d ms] %s", ms, what))
    }
}
