package dev.iotsdk.samples

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.IotEmulator
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Where a sample connects: the embedded emulator (the default: it starts in-process and registers the thing), or AWS
 * IoT when the arguments name an endpoint and a device identity. Every Kotlin and Java sample that talks MQTT takes
 * the same flags ([USAGE]; `--help` prints them):
 *
 * `--endpoint <prefix>-ats.iot.<region>.amazonaws.com --cert device.pem.crt --key private.pem.key [--ca
 * AmazonRootCA1.pem]
 * [--thing name] [--client-id id] [--region region] [--port 8883]`
 */
public class SampleTarget private constructor(
    /** The flags the sample was given (its own flags included: [SampleOptions.extra]). */
    public val options: SampleOptions,
    /** The emulator when the sample runs locally, else `null`. */
    public val emulator: IotEmulator?,
    /** The thing the sample acts for. */
    public val thingName: String,
    /** The AWS region: `--region`, else the one in the endpoint's name, else `us-east-1` (the emulator's). */
    public val region: String,
    private val clientIdBase: String?,
    private val endpoint: String,
    private val port: Int,
    private val identity: () -> TlsIdentity,
    private val trust: TrustMaterial,
) : AutoCloseable {
    /**
     * A configuration for an MQTT client [clientId] of this target (mutual TLS, fast reconnects). With `--client-id`,
     * a [clientId] that starts with the thing name gets the flag's value in its place (samples with several
     * connections name them `<thing>-listener`, `<thing>-updater`…, so they become `<client-id>-listener`…).
     */
    public fun config(clientId: String): IotMqttClientConfig = IotMqttClientConfig.builder()
        .endpoint(endpoint).port(port).clientId(SampleOptions.clientId(clientId, thingName, clientIdBase))
        .connectionType(ConnectionType.MutualTls(identity()))
        .trust(trust)
        .reconnect(ReconnectPolicy(baseDelay = 200.milliseconds, maxDelay = 5.seconds))
        .build()

    /** A new (unconnected) MQTT client [clientId] of this target (see [config] for `--client-id`). */
    public fun client(clientId: String): IotMqttClient = IotMqttClient.create(config(clientId))

    /** Where the sample runs, for its transcript. */
    public fun describe(): String = if (emulator !=
        null
    ) {
        "the embedded emulator (${emulator.endpoint}:$port)"
    } else {
        "$endpoint:$port"
    }

    /** Stops the emulator, if this target started one. */
    override fun close() {
        emulator?.close()
    }

    /** Factories. */
    public companion object {
        /** The flags every MQTT sample accepts, as printed by `--help`. */
        public const val USAGE: String = SampleOptions.USAGE

        /**
         * The target the sample's [args] name; [defaultThing] when `--thing` is absent. `--help` prints [USAGE] and
         * exits with status 0; an unknown flag, a flag without a value, or a missing/unreadable `--cert`, `--key` or
         * `--ca` file prints the problem and [USAGE] and exits with status 2.
         */
        @JvmStatic
        public fun fromArgs(args: Array<String>, defaultThing: String): SampleTarget = fromArgs(args, defaultThing, "")

        /**
         * As [fromArgs], for a sample with flags of its own (already taken out of [args]): `--help` and errors print
         * [sampleUsage] after [USAGE].
         */
        @JvmStatic
        public fun fromArgs(args: Array<String>, defaultThing: String, sampleUsage: String): SampleTarget =
            fromArgs(args, defaultThing, sampleUsage, emptySet())

        /**
         * As [fromArgs], for a sample with valued flags of its own, [extraFlags] (names without `--`), read back with
         * [SampleOptions.extra]; `--help` and errors print [sampleUsage] after [USAGE].
         */
        @JvmStatic
        public fun fromArgs(
            args: Array<String>,
            defaultThing: String,
            sampleUsage: String,
            extraFlags: Set<String>,
        ): SampleTarget {
            val usage = if (sampleUsage.isEmpty()) USAGE else "$USAGE\n$sampleUsage"
            val options = SampleOptions.parseOrExit(args, usage, extraFlags)
            val thing = options.thing ?: defaultThing
            val endpoint = options.endpoint
            if (endpoint == null) {
                val emulator = IotEmulator.start()
                val device = emulator.registerThing(thing)
                return SampleTarget(
                    options, emulator, thing, options.region ?: "us-east-1", options.clientId,
                    emulator.endpoint, emulator.mqttPort,
                    { TlsIdentity.fromPemFiles(device.certificatePath, device.privateKeyPath) },
                    TrustMaterial.fromPemFile(emulator.caPath),
                )
            }
            return SampleTarget(
                options, null, thing, options.regionOrDefault(), options.clientId, endpoint, options.port ?: 8883,
                { options.identity() }, options.trust(),
            )
        }
    }
}
