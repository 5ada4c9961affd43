package dev.iotsdk.emulator.internal.runtime

import com.hivemq.embedded.EmbeddedExtension
import com.hivemq.embedded.EmbeddedHiveMQ
import dev.iotsdk.emulator.internal.BrokerConfig
import dev.iotsdk.emulator.internal.Logging
import dev.iotsdk.emulator.internal.broker.BrokerExtension
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

    /** Starts the broker; returns the plain port, or `null` when [plain] is off. */
    fun start(plain: Boolean, plainPort: Int, wssPath: String): Int? {
        Logging.quietBroker(logLevel)
        tcpPort = BrokerConfig.freePort()
        webSocketPort = BrokerConfig.freePort()
        val plainBound = if (plain) BrokerConfig.freePort(plainPort) else null
        BrokerConfig.write(
            home.resolve("conf"),
            BrokerConfig.Listeners(tcpPort, webSocketPort, plainBound, wssPath),
            maxSessionExpirySeconds,
        )
        Files.createDirectories(home.resolve("data"))
        Files.createDirectories(home.resolve("extensions"))
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
    }
}
