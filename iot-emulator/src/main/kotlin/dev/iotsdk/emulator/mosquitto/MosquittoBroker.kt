package dev.iotsdk.emulator.mosquitto

import dev.iotsdk.emulator.mosquitto.internal.IssuedCertificate
import dev.iotsdk.emulator.mosquitto.internal.LogTail
import dev.iotsdk.emulator.mosquitto.internal.MosquittoBinary
import dev.iotsdk.emulator.mosquitto.internal.TestCertificateAuthority
import dev.iotsdk.emulator.mosquitto.internal.TlsFiles
import dev.iotsdk.emulator.mosquitto.internal.renderMosquittoConf
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * A mosquitto broker process started for one test or benchmark: its own configuration, free ports on
 * `127.0.0.1`, its own test CA and certificates, all in a temporary folder that [stop] deletes. Nothing relies on
 * a mosquitto service running on the machine (it may be left stopped or uninstalled: tests skip or fail cleanly
 * via [isInstalled]).
 *
 * Listeners: [plainPort] (plain TCP, anonymous, MQTT 3.1.1 and 5) and, when [MosquittoConfig.tls] is set,
 * [tlsPort] (mutual TLS: clients present a certificate from [issueClientCertificate] and trust
 * [caCertificatePem]).
 *
 * ```kotlin
 * MosquittoBroker.start().use { broker ->
 *     val device = broker.issueClientCertificate("thing-1")
 *     connect(broker.host, broker.tlsPort!!, broker.caPath, device.certificatePath, device.privateKeyPath)
 * }
 * ```
 * ```java
 * try (MosquittoBroker broker = MosquittoBroker.start(new MosquittoConfig(false))) {
 *     connect(broker.getHost(), broker.getPlainPort());
 * }
 * ```
 *
 * Thread-safe. The broker's output is kept in a bounded in-memory tail, see [logTail]. A JVM shutdown hook kills
 * the process if the broker is never stopped.
 */
public class MosquittoBroker private constructor(
    private val process: Process,
    private val log: LogTail,
    private val directory: Path,
    private val authority: TestCertificateAuthority,
    /** The plain TCP listener's port on `127.0.0.1`. */
    public val plainPort: Int,
    /** The mutual-TLS listener's port on `127.0.0.1`, or `null` when [MosquittoConfig.tls] is off. */
    public val tlsPort: Int?,
) : AutoCloseable {
    private val clientSerial = AtomicInteger()
    private val shutdownHook = Thread({
        process.destroyForcibly()
        deleteRecursively(directory)
    }, "mosquitto-shutdown-hook")
    private val lock = Any()
    private var stopped = false

    init {
        Runtime.getRuntime().addShutdownHook(shutdownHook)
    }

    /** The host to connect to: `localhost`, which the server certificate names (as well as `127.0.0.1`). */
    public val host: String = "localhost"

    /** The broker's test CA certificate, in PEM: clients trust it to verify the TLS listener. */
    public val caCertificatePem: String = authority.ca.certificatePem

    /** Where [caCertificatePem] is written (inside the broker's temporary folder). */
    public val caPath: Path = directory.resolve(CA_FILE)

    /** Whether the mosquitto process is alive. */
    public val isRunning: Boolean
        get() = process.isAlive

    /** The last lines (at most 200) mosquitto logged, for diagnosing a failing test. */
    public fun logTail(): String = log.text()

    /**
     * Issues a client certificate for `CN=`[commonName], signed by this broker's test CA, and writes it and its
     * key to the broker's temporary folder.
     *
     * @throws IllegalStateException if the broker was stopped.
     */
    public fun issueClientCertificate(commonName: String): ClientCertificate {
        require(commonName.isNotBlank()) { "commonName must not be blank" }
        check(!stopped) { "the broker was stopped" }
        val issued = authority.issueClient(commonName)
        val name = "client-${clientSerial.incrementAndGet()}"
        val certificatePath = write(directory.resolve("$name.crt"), issued.certificatePem)
        val keyPath = write(directory.resolve("$name.key"), issued.privateKeyPem)
        return ClientCertificate(
            commonName,
            issued.certificate,
            issued.privateKey,
            issued.certificatePem,
            issued.privateKeyPem,
            certificatePath,
            keyPath,
        )
    }

    /**
     * Terminates mosquitto (SIGTERM, then a kill after 5 seconds), waits for it to exit so its ports are free, and
     * deletes the temporary folder. Idempotent.
     */
    public fun stop() {
        synchronized(lock) {
            if (stopped) return
            stopped = true
        }
        terminate(process)
        log.join(JOIN_MILLIS)
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook)
        } catch (e: IllegalStateException) {
            // the JVM is shutting down: the hook runs anyway and the process is already gone
        }
        deleteRecursively(directory)
    }

    /** Same as [stop]. */
    override fun close() {
        stop()
    }

    /** Describes the broker for logs and test failures. */
    override fun toString(): String = "MosquittoBroker(plainPort=$plainPort, tlsPort=$tlsPort, running=$isRunning)"

    /** Starting brokers. */
    public companion object {
        private const val CA_FILE = "ca.crt"
        private const val START_ATTEMPTS = 3
        private const val START_TIMEOUT_MILLIS = 10_000L
        private const val POLL_MILLIS = 25L
        private const val PROBE_TIMEOUT_MILLIS = 250
        private const val STOP_MILLIS = 5_000L
        private const val JOIN_MILLIS = 2_000L
        private val STARTED = AtomicInteger()

        /**
         * Whether a mosquitto binary is found: the `MOSQUITTO_BIN` environment variable, `/usr/sbin/mosquitto`,
         * `/usr/bin/mosquitto`, then each directory of `PATH`.
         */
        @JvmStatic
        public fun isInstalled(): Boolean = MosquittoBinary.find() != null

        /**
         * Starts a broker configured by [config] and waits (up to 10 seconds) until its listeners accept
         * connections. Blocks the calling thread.
         *
         * @throws IllegalStateException if mosquitto is not installed (the message names the package to install),
         *   or if it exits or does not listen in time (the message holds its log).
         */
        @JvmStatic
        @JvmOverloads
        public fun start(config: MosquittoConfig = MosquittoConfig()): MosquittoBroker {
            val binary = MosquittoBinary.find() ?: throw IllegalStateException(
                "mosquitto is not installed: install it (Debian/Ubuntu: `apt-get install -y mosquitto`, " +
                    "macOS: `brew install mosquitto`) or set MOSQUITTO_BIN to the broker's executable",
            )
            val directory = Files.createTempDirectory("iotsdk-mosquitto-")
            try {
                val authority = TestCertificateAuthority("iotsdk mosquitto test CA")
                write(directory.resolve(CA_FILE), authority.ca.certificatePem)
                val tlsFiles = if (config.tls) writeServerFiles(directory, authority.issueServer()) else null
                var lastFailure: IllegalStateException? = null
                repeat(START_ATTEMPTS) {
                    val ports = freePorts(if (config.tls) 2 else 1)
                    val conf = renderMosquittoConf(config, ports[0], ports.getOrNull(1), tlsFiles, isRoot())
                    val confPath = write(directory.resolve("mosquitto.conf"), conf)
                    val process = ProcessBuilder(binary.toString(), "-c", confPath.toString())
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .start()
                    process.outputStream.close()
                    val log = LogTail(process.inputStream, "mosquitto-log-${STARTED.incrementAndGet()}")
                    val failure = try {
                        awaitListening(process, ports, log) ?: return MosquittoBroker(
                            process,
                            log,
                            directory,
                            authority,
                            ports[0],
                            ports.getOrNull(1),
                        )
                    } catch (e: Throwable) {
                        process.destroyForcibly()
                        throw e
                    }
                    terminate(process)
                    log.join(JOIN_MILLIS)
                    val tail = log.text()
                    val error = IllegalStateException("$failure ($binary -c $confPath, $config). Its log:\n$tail")
                    // Another process may have taken a port between our probe and mosquitto's bind: try new ones.
                    if (!tail.contains("Address already in use")) throw error
                    lastFailure = error
                }
                throw checkNotNull(lastFailure)
            } catch (e: Throwable) {
                deleteRecursively(directory)
                throw e
            }
        }

        /** Returns null once every port accepts a connection, or why mosquitto is not usable. */
        private fun awaitListening(process: Process, ports: List<Int>, log: LogTail): String? {
            val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS)
            while (System.nanoTime() < deadline) {
                if (!process.isAlive) {
                    log.join(JOIN_MILLIS)
                    return "mosquitto exited with status ${process.exitValue()} while starting"
                }
                if (ports.all(::accepts)) return null
                Thread.sleep(POLL_MILLIS)
            }
            return "mosquitto did not listen on ports $ports within ${START_TIMEOUT_MILLIS / 1000} s"
        }

        private fun accepts(port: Int): Boolean = try {
            Socket().use { it.connect(InetSocketAddress(InetAddress.getLoopbackAddress(), port), PROBE_TIMEOUT_MILLIS) }
            true
        } catch (e: IOException) {
            false
        }

        /** Distinct ports that were free a moment ago (held together so they differ). */
        private fun freePorts(count: Int): List<Int> {
            val sockets = (1..count).map { ServerSocket(0, 1, InetAddress.getLoopbackAddress()) }
            return try {
                sockets.map { it.localPort }
            } finally {
                sockets.forEach { it.close() }
            }
        }

        private fun writeServerFiles(directory: Path, server: IssuedCertificate): TlsFiles = TlsFiles(
            ca = directory.resolve(CA_FILE),
            certificate = write(directory.resolve("server.crt"), server.certificatePem),
            key = write(directory.resolve("server.key"), server.privateKeyPem),
        )

        private fun isRoot(): Boolean = System.getProperty("user.name") == "root"

        private fun terminate(process: Process) {
            try {
                process.destroy()
                if (!process.waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly()
                    process.waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS)
                }
            } catch (e: InterruptedException) {
                process.destroyForcibly()
                Thread.currentThread().interrupt()
            }
        }

        private fun write(path: Path, text: String): Path = Files.write(path, text.toByteArray(Charsets.UTF_8))

        private fun deleteRecursively(directory: Path) {
            try {
                directory.toFile().deleteRecursively()
            } catch (e: SecurityException) {
                // left for the OS to clean up with the rest of the temporary folder
            }
        }
    }
}
