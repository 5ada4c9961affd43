package dev.iotsdk.emulator.internal

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.LoggerContext
import org.slf4j.LoggerFactory

/** Quietens the embedded broker's loggers when logback is the slf4j binding and the user set no level for them. */
internal object Logging {
    private val NOISY =
        listOf("com.hivemq", "io.netty", "jetbrains.exodus", "oshi", "org.jboss", "com.google", "org.rocksdb")

    fun quietBroker(level: String) {
        try {
            val context = LoggerFactory.getILoggerFactory() as? LoggerContext ?: return
            val target = Level.toLevel(level, Level.WARN)
            NOISY.forEach { name ->
                val logger = context.getLogger(name)
                if (logger.level == null) logger.level = target
            }
        } catch (e: LinkageError) {
            // logback is not on the class path: nothing to quieten
        }
    }
}
