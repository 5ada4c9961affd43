package dev.iotsdk.emulator.internal.runtime

import com.hivemq.embedded.EmbeddedExtension
import com.hivemq.embedded.EmbeddedHiveMQ
import dev.iotsdk.emulator.internal.BrokerConfig
import dev.iotsdk.emulator.internal.Logging
import dev.iotsdk.emulator.internal.broker.BrokerExtension
import org.slf4j.Logger
import org.slf4j.LoggerFactory
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/**
 * The embedded HiveMQ CE broker in [home] with [extension], listening on loopback only: the internal TCP and
 * WebSocket listeners the front door relays to, and the plain port when enabled.
 */
internal class EmbeddedBroker(
    private val home: Path,
    private val extension: BrokerExtension,
    private val logLevel: String,
    private val maxSessionExpirySeconds: Long,
) : AutoCloseable {
    private var broker: EmbeddedHiveMQ? = null

    /** The internal MQTT listener (127.0.0.1). */
    var tcpPort: Int = 0
        private set

    /** The internal MQTT-over-WebSocket listener (127.0.0.1). */
    var webSocketPort: Int = 0
        private set

    /** Whether the broker stops without HiveMQ's production pauses (see [QuickBrokerShutdown]). */
    @Volatile
    var quickShutdown: Boolean = false
        private set

    /**
     * Starts the broker; returns the plain port, or `null` when [plain] is off. The listeners' loopback ports are
     * picked free, then bound by HiveMQ, which starts without a listener whose port another process took in between
     * (and a client of that port would reach the other process): such a start is undone and tried again on new ports,
     * up to [BIND_ATTEMPTS] times; a fixed [plainPort] that is taken fails the start.
     */
    fun start(plain: Boolean, plainPort: Int, wssPath: String): Int? {
        Logging.quietBroker(logLevel)
        Files.createDirectories(home.resolve("data"))
        Files.createDirectories(home.resolve("extensions"))
        var attempt = 1
        while (true) {
            val plainBound = startOnce(plain, plainPort, wssPath)
            val unbound = unboundListeners(plainBound)
            if (unbound.isEmpty()) return plainBound
            close()
            check(plainPort == 0 || BrokerConfig.PLAIN_LISTENER !in unbound) { "the plain port $plainPort is in use" }
            check(attempt++ < BIND_ATTEMPTS) {
                "another process took the broker's loopback ports $BIND_ATTEMPTS times in a row ($unbound)"
            }
        }
    }

    /** The port each listener of the running broker is bound to, by name (empty when HiveMQ's internals differ). */
    fun boundListeners(): Map<String, Int> {
        val running = broker ?: return emptyMap()
        return try {
            HiveMqInternals.boundPorts(running)
        } catch (
            @Suppress("TooGenericExceptionCaught") e: Exception,
        ) {
            log.debug("cannot read the broker's bound listeners: {}", e.toString())
            emptyMap()
        }
    }

    /** The listeners not bound to the port picked for them; none when [boundListeners] cannot tell. */
    private fun unboundListeners(plainBound: Int?): Set<String> {
        val bound = boundListeners().takeIf { it.isNotEmpty() } ?: return emptySet()
        val expected = listOfNotNull(
            BrokerConfig.INTERNAL_TCP_LISTENER to tcpPort,
            BrokerConfig.INTERNAL_WS_LISTENER to webSocketPort,
            plainBound?.let { BrokerConfig.PLAIN_LISTENER to it },
        )
        return expected.filter { (name, port) -> bound[name] != port }.map { it.first }.toSet()
    }

    private fun startOnce(plain: Boolean, plainPort: Int, wssPath: String): Int? {
        tcpPort = BrokerConfig.freePort()
        webSocketPort = BrokerConfig.freePort()
        val plainBound = if (plain) BrokerConfig.freePort(plainPort) else null
        BrokerConfig.write(
            home.resolve("conf"),
            BrokerConfig.Listeners(tcpPort, webSocketPort, plainBound, wssPath),
            maxSessionExpirySeconds,
        )
        val embeddedExtension = EmbeddedExtension.builder()
            .withId("iotsdk-emulator").withName("iotsdk emulator").withVersion("1").withAuthor("iotsdk")
            .withPriority(PRIORITY).withStartPriority(PRIORITY).withExtensionMain(extension).build()
        val started = EmbeddedHiveMQ.builder()
            .withConfigurationFolder(home.resolve("conf"))
            .withDataFolder(home.resolve("data"))
            .withExtensionsFolder(home.resolve("extensions"))
            .withEmbeddedExtension(embeddedExtension)
            .withoutLoggingBootstrap()
            .build()
        broker = started
        QuickBrokerShutdown.beforeStart()
        START_LOCK.withLock {
            started.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            quickShutdown = QuickBrokerShutdown.afterStart(started)
        }
        Logging.quietBroker(logLevel)
        return plainBound
    }

    override fun close() {
        val running = broker ?: return
        broker = null
        runCatching { START_LOCK.withLock { running.stop().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) } }
        runCatching { running.close() }
    }

    private companion object {
        /**
         * HiveMQ's extension `Services` are static per class loader, shared by every embedded broker in the JVM:
         * starts and stops are serialised so each extension captures its own broker's services.
         */
        val START_LOCK = ReentrantLock()
        const val START_TIMEOUT_SECONDS = 60L
        const val PRIORITY = 1000
        const val BIND_ATTEMPTS = 3
        val log: Logger = LoggerFactory.getLogger(EmbeddedBroker::class.java)
    }
}
