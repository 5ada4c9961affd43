package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.EmulatorEvent
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * The Java forms of the emulator's event stream: listeners and futures run in one scope that [close] cancels, so
 * nothing outlives the emulator. The emulator does not use the SDK, so this is its own small adapter.
 */
internal class JavaEvents(private val live: Flow<EmulatorEvent>) : AutoCloseable {
    private val scope =
        CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("iot-emulator-java-events"))

    /**
     * Hands each live event to [listener], on [executor] when given (else on the collecting coroutine's thread), one
     * at a time and in order. Subscribed before this returns. A listener that throws is reported to the running
     * thread's uncaught-exception handler and delivery goes on.
     */
    fun listen(executor: Executor?, listener: Consumer<in EmulatorEvent>): AutoCloseable {
        val dispatcher = executor?.asCoroutineDispatcher()
        val job = scope.launch(start = CoroutineStart.UNDISPATCHED) {
            live.collect { event ->
                if (dispatcher ==
                    null
                ) {
                    deliver(listener, event)
                } else {
                    withContext(dispatcher) { deliver(listener, event) }
                }
            }
        }
        return AutoCloseable { job.cancel() }
    }

    /** Runs [block] in this scope as a future; [close] cancels it. */
    fun <T> future(block: suspend CoroutineScope.() -> T): CompletableFuture<T> = scope.future(block = block)

    override fun close() {
        scope.cancel(CancellationException("the emulator was closed"))
    }

    private fun deliver(listener: Consumer<in EmulatorEvent>, event: EmulatorEvent) {
        try {
            listener.accept(event)
        } catch (e: Exception) {
            val thread = Thread.currentThread()
            thread.uncaughtExceptionHandler?.uncaughtException(thread, e)
        }
    }
}
