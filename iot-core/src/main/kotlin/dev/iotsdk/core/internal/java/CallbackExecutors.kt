package dev.iotsdk.core.internal.java

import java.util.concurrent.ExecutorService
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** The default callback executors of the Java views. */
internal object CallbackExecutors {
    private val counter = AtomicInteger()

    /**
     * One daemon thread named `iotsdk-callbacks-<n>`, started on first use and stopping after a minute idle, so a
     * view that is never closed keeps neither the JVM nor a thread alive. The owner shuts it down on close.
     */
    fun singleDaemonThread(): ExecutorService {
        val name = "iotsdk-callbacks-${counter.incrementAndGet()}"
        return ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, LinkedBlockingQueue()) { runnable ->
            Thread(runnable, name).apply { isDaemon = true }
        }.apply { allowCoreThreadTimeOut(true) }
    }
}
