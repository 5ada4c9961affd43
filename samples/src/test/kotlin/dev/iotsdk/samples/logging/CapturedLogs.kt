package dev.iotsdk.samples.logging

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.classic.spi.ThrowableProxyUtil
import ch.qos.logback.core.read.ListAppender
import org.slf4j.LoggerFactory

/**
 * Turns the SLF4J loggers [names] (logback, the binding the emulator brings to tests) up to DEBUG and keeps every
 * event they log until [close].
 */
internal class CapturedLogs(vararg names: String) : AutoCloseable {
    private val appender = ListAppender<ILoggingEvent>().also { it.start() }
    private val loggers = names.map { LoggerFactory.getLogger(it) as Logger }

    init {
        for (logger in loggers) {
            logger.level = Level.DEBUG
            logger.addAppender(appender)
        }
    }

    /** Each event of a logger [accepted] as `LEVEL message` followed by its stack trace, if any. */
    fun lines(accepted: (String) -> Boolean = { true }): List<String> = appender.list.toList()
        .filter { accepted(it.loggerName) }
        .map { e ->
            "${e.level} ${e.formattedMessage}" +
                (e.throwableProxy?.let { "\n" + ThrowableProxyUtil.asString(it) } ?: "")
        }

    override fun close() {
        loggers.forEach { it.detachAppender(appender) }
    }
}
