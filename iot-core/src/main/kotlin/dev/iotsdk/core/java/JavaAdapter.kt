package dev.iotsdk.core.java

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Consumer

/**
 * The one mechanism every iotsdk Java view (`IotMqttClientJava`, the shadow, jobs and provisioning views) is built
 * with: suspend calls become [CompletableFuture]s and flows become [Consumer] callbacks on a chosen [Executor], with an
 * [AutoCloseable] to stop them. Everything runs in [scope], which the view owns; cancelling it cancels pending
 * futures (they complete with [java.util.concurrent.CancellationException]) and stops every collection.
 *
 * ```kotlin
 * class ShadowClientJava internal constructor(private val shadow: ShadowClient, adapter: JavaAdapter) {
 *     fun get(): CompletableFuture<ShadowDocument> = adapter.future { shadow.get() }
 *     fun onDelta(consumer: Consumer<ShadowDelta>): AutoCloseable = adapter.collect(shadow.deltas(), consumer, null)
 * }
 * ```
 *
 * Threading: futures complete on the thread the coroutine finished on (an SDK thread, never [executor], so a callback
 * that joins a future cannot deadlock a single-thread executor); use the `…Async(fn, executor)` stages to move
 * dependent work elsewhere. Callbacks given to [collect] run on [executor], one at a time per collection and in order;
 * the next item waits until the callback returns, so a slow callback slows the flow (back-pressure) instead of
 * queueing without bound.
 */
public class JavaAdapter(
    /** The scope futures and collections run in; owned by the view, cancelled when it closes. */
    public val scope: CoroutineScope,
    /** Where [collect]'s callbacks run. */
    public val executor: Executor,
) {
    private val callbackDispatcher = executor.asCoroutineDispatcher()

    /**
     * Runs [block] in [scope] and returns its result as a future. An exception thrown by [block] completes the future
     * exceptionally with that exception (so `join()` throws a `CompletionException` whose cause it is); cancelling the
     * future cancels [block]; cancelling [scope] cancels the future.
     */
    public fun <T> future(block: suspend CoroutineScope.() -> T): CompletableFuture<T> = scope.future(block = block)

    /**
     * Collects [flow] in [scope], handing every item to [consumer] on [executor]. Collection starts before this
     * returns (up to the flow's first suspension), so hot flows miss nothing emitted afterwards. Closing the result
     * cancels the collection (which, for a subscription flow, unsubscribes); it does not wait and is idempotent.
     *
     * An exception thrown by [consumer] is passed to [onError] and delivery continues; when the flow itself fails,
     * [onError] receives the exception and the collection ends. Without [onError], both go to the executing thread's
     * uncaught-exception handler. Cancellation is not reported.
     */
    public fun <T> collect(flow: Flow<T>, consumer: Consumer<in T>, onError: Consumer<in Throwable>?): AutoCloseable {
        val starter = Thread.currentThread()
        val starting = AtomicBoolean(true)
        fun deliver(item: T) {
            try {
                consumer.accept(item)
            } catch (e: Exception) {
                report(onError, e)
            }
        }
        // The collection runs on the executor once it first suspends: each item then costs no thread hop of its own
        // (two per item when every callback is moved there and back). An item the flow emits before that first
        // suspension, still on the caller's thread, first moves the collection to the executor.
        val job = scope.launch(callbackDispatcher, start = CoroutineStart.UNDISPATCHED) {
            try {
                flow.collect { item ->
                    // still in the undispatched start, on the caller's thread: move to the executor first
                    if (starting.get() && Thread.currentThread() === starter) yield()
                    deliver(item)
                }
            } catch (e: CancellationException) {
                throw e
            } catch (e: Throwable) {
                if (starting.get() && Thread.currentThread() === starter) {
                    try {
                        executor.execute { report(onError, e) }
                    } catch (rejected: RejectedExecutionException) {
                        report(onError, e)
                    }
                } else {
                    report(onError, e)
                }
            }
        }
        starting.set(false)
        return AutoCloseable { job.cancel() }
    }

    private fun report(onError: Consumer<in Throwable>?, error: Throwable) {
        if (onError != null) {
            try {
                onError.accept(error)
                return
            } catch (e: Exception) {
                e.addSuppressed(error)
                uncaught(e)
                return
            }
        }
        uncaught(error)
    }

    private fun uncaught(error: Throwable) {
        val thread = Thread.currentThread()
        thread.uncaughtExceptionHandler?.uncaughtException(thread, error)
    }

    override fun toString(): String = "JavaAdapter(executor=$executor)"
}
