package dev.iotsdk.benchmarks

import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import dev.iotsdk.emulator.mosquitto.MosquittoConfig
import java.nio.file.Path

/** A broker the orchestrator starts for a run: where row JVMs connect, and a device certificate for mutual TLS. */
internal interface BenchBroker : AutoCloseable {
    /** What the run log and report call it. */
    val kind: String
    val plainPort: Int
    val tlsPort: Int
    val caPath: Path
    val isRunning: Boolean

    /** A device certificate and private key (PEM files) the broker's mutual-TLS port accepts. */
    fun device(): Pair<Path, Path>

    /** The end of the broker's log, for a run that stopped because the broker died. */
    fun logTail(): String
}

/** mosquitto, as installed on the machine, started with [config]. */
internal class MosquittoBench(config: MosquittoConfig) : BenchBroker {
    private val broker = MosquittoBroker.start(config)
    override val kind = "mosquitto"
    override val plainPort: Int = broker.plainPort
    override val tlsPort: Int = requireNotNull(broker.tlsPort) { "mosquitto was started without TLS" }
    override val caPath: Path = broker.caPath
    override val isRunning: Boolean get() = broker.isRunning

    override fun device(): Pair<Path, Path> =
        broker.issueClientCertificate("bench-device").let { it.certificatePath to it.privateKeyPath }

    override fun logTail(): String = broker.logTail()

    override fun close() = broker.close()
}

/**
 * The iot-emulator's embedded HiveMQ CE: it grants a receive maximum of 100 (as AWS IoT) and, unlike mosquitto 2.0.11,
 * honours the client's receive maximum when it queues for a slow client (see docs/iot-emulator.md).
 */
internal class EmulatorBench : BenchBroker {
    private val emulator = IotEmulator.start()
    private var devices = 0
    override val kind = "iot-emulator (HiveMQ CE)"
    override val plainPort: Int = requireNotNull(emulator.plainPort) { "the emulator's plain port is off" }
    override val tlsPort: Int = emulator.mqttPort
    override val caPath: Path = emulator.caPath
    override val isRunning: Boolean = true

    override fun device(): Pair<Path, Path> =
        emulator.registerThing("bench-device-${++devices}").let { it.certificatePath to it.privateKeyPath }

    override fun logTail(): String = "(the emulator runs in the orchestrator's JVM: see its output)"

    override fun close() = emulator.close()
}
