package dev.iotsdk.common.java

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.CompletionRelay
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.SynchronousQueue
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Consumer
import kotlin.coroutines.CoroutineContext

/**
 * The one mechanism every iotsdk Java view (`IotMqttClientJava`, the shadow, jobs, provisioning, data-plane and
 * Greengrass views) is built with: suspend calls become [CompletableFuture]s ([future]) and flows become [Consumer]
 * callbacks on an [Executor] with an [AutoCloseable] to stop them ([collect]).
 *
 * A view owns two things and [close] releases both:
 * - its [scope]: a [SupervisorJob] (a child of [parent], the client's job, when there is one, so closing the client
 *   closes the view) on [Dispatchers.Default]. Closing cancels it: pending futures complete with
 *   [java.util.concurrent.CancellationException], collections stop, and later calls are cancelled at once;
 * - its callback [executor]: the caller's `executor`, which it uses but never shuts down, or, when that is `null`,
 *   daemon threads of its own named `iotsdk-callbacks-<n>`: a thread is started when a callback needs one and none is
 *   idle (a view that never calls back starts none; one busy collection uses one thread at a time, so a slow callback
 *   never holds up another collection's), stops after a minute idle, and all are shut down once the closed scope's
 *   last coroutine has finished.
 *
 * ```kotlin
 * class ShadowClientJava internal constructor(private val shadow: ShadowClient, executor: Executor?) : AutoCloseable {
 *     private val view = JavaView("iotsdk-shadow-java-view", executor)
 *     fun get(): CompletableFuture<ShadowDocument> = view.future { shadow.get() }
 *     fun onDelta(consumer: Consumer<ShadowDelta>): AutoCloseable = view.collect(shadow.deltas(), consumer, null)
 *     override fun close() = view.close()
 * }
 * ```
 *
 * Threading: futures complete on the thread the coroutine finished on (an SDK thread, never [executor], so a callback
 * that joins a future cannot deadlock a single-thread executor); use the `…Async(fn, executor)` stages to move
 * dependent work elsewhere. Callbacks given to [collect] run on [executor], one at a time per collection and in order;
 * the next item waits until the callback returns, so a slow callback slows the flow (back-pressure) instead of
 * queueing without bound. Neither adds a thread hop per item or per future of its own.
 */
@InternalIotSdkApi
public class JavaView(
    /** The name of the view's coroutines (a [CoroutineName]), for example `iotsdk-shadow-java-view`. */
    private val name: String,
    /** Where callbacks run; `null`: daemon threads of the view's own, shut down when the view closes. */
    executor: Executor?,
    /** The client's job: cancelling it closes the view; `null` when the client has none. */
    parent: Job? = null,
    /**
     * True for the exception the view's owner fails work with once it is closed (for a view that closes its client,
     * that client's "closed" exception): such a failure cancels the future as closing the view does, whichever of the
     * two closes reaches the future first.
     */
    private val ownerClosed: (Throwable) -> Boolean = { false },
) : AutoCloseable {
    private val job = SupervisorJob(parent)

    /** The scope futures and collections run in: owned by the view, cancelled by [close]. */
    public val scope: CoroutineScope = CoroutineScope(job + baseContext(name))

    /**
     * The view's own callback threads, made on first use; `null` before that and when the caller gave an executor.
     * Guarded by this, with [released]. (Every field costs: a gateway has a view per connection.)
     */
    @Volatile private var owned: ExecutorService? = null
    private var released = false

    /** Where callbacks run: the caller's executor, or the view's own thread. */
    public val executor: Executor = executor ?: Executor { command -> ownedExecutor().execute(command) }

    /** [executor] as a dispatcher, for views that run a Java handler there (`withContext(callbackDispatcher)`). */
    public val callbackDispatcher: CoroutineDispatcher
        // made on first use; two racing callers may each make one, and either does (both run on [executor])
        get() = dispatcher ?: this.executor.asCoroutineDispatcher().also { dispatcher = it }

    @Volatile private var dispatcher: CoroutineDispatcher? = null

    /** Where [completeLater] runs its completions, batched; made on first use (two racing callers: either is fine). */
    private val completions: CompletionRelay
        get() = relay ?: CompletionRelay().also { relay = it }

    @Volatile private var relay: CompletionRelay? = null

    /** `true` once the view is closed (or its parent ended). */
    public val isClosed: Boolean get() = !job.isActive

    /**
     * Runs [block] in [scope] and returns its result as a future. An exception thrown by [block] completes the future
     * exceptionally with that exception (so `join()` throws a `CompletionException` whose cause it is); cancelling the
     * future cancels [block]; closing the view cancels the future. [start] `UNDISPATCHED` runs [block] on the
     * caller's thread up to its first suspension (no dispatch to start). Once the view is closed the future is
     * cancelled at once and [block] does not run. A [block] that fails after the view was closed (the client it
     * waits on closed too, as a view's `close()` often does right after), or fails because its owner closed
     * ([ownerClosed]), cancels its future as well: a pending future of a closed view is always cancelled, whichever of
     * the two ends it first.
     */
    @Suppress("TooGenericExceptionCaught") // any failure of [block] after close becomes the cancellation's cause
    public fun <T> future(
        start: CoroutineStart = CoroutineStart.DEFAULT,
        block: suspend CoroutineScope.() -> T,
    ): CompletableFuture<T> {
        if (!job.isActive) return CompletableFuture<T>().apply { completeExceptionally(closedException()) }
        return scope.future(start = start) {
            try {
                block()
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                if (job.isActive && !ownerClosed(e)) throw e
                throw closedException().apply { initCause(e) }
            }
        }
    }

    /**
     * Completes [future] with [value], or exceptionally with [error] when that is not null, on an SDK thread
     * ([Dispatchers.Default]) rather than the calling one: the counterpart of [future] for work that reports through a
     * callback on a transport's I/O thread, which must not run the application's dependent stages. Completions that
     * arrive together share one dispatch; one whose dependent stage blocks does not hold up the others. As with [future],
     * once the view is closed, or when [error] is its owner's "closed" exception, the future is cancelled instead.
     *
     * ```kotlin
     * val result = CompletableFuture<Ack>()
     * transport.send(request) { ack, error -> view.completeLater(result, ack, error) }
     * ```
     */
    public fun <T> completeLater(future: CompletableFuture<T>, value: T?, error: Throwable?) {
        completions.execute {
            @Suppress("UNCHECKED_CAST")
            when {
                !job.isActive || (error != null && ownerClosed(error)) ->
                    future.completeExceptionally(closedException().also { e -> error?.let(e::initCause) })
                error != null -> future.completeExceptionally(error)
                else -> future.complete(value as T)
            }
        }
    }

    /**
     * Collects [flow] in [scope], handing every item to [consumer] on [executor]. Collection starts before this
     * returns (up to the flow's first suspension), so hot flows miss nothing emitted afterwards. Closing the result
     * cancels the collection (which, for a subscription flow, unsubscribes); it does not wait and is idempotent. Once
     * the view is closed nothing is collected.
     *
     * An exception thrown by [consumer] is passed to [onError] and delivery continues; when the flow itself fails,
     * [onError] receives the exception and the collection ends. Without [onError], both go to the executing thread's
     * uncaught-exception handler. Cancellation is not reported.
     */
    @Suppress("TooGenericExceptionCaught") // a flow may fail with anything: it all goes to onError
    public fun <T> collect(flow: Flow<T>, consumer: Consumer<in T>, onError: Consumer<in Throwable>?): AutoCloseable {
        if (!job.isActive) return AutoCloseable { }
        val starter = Thread.currentThread()
        val starting = AtomicBoolean(true)
        // The collection runs on the executor once it first suspends: each item then costs no thread hop of its own
        // (two per item when every callback is moved there and back). An item the flow emits before that first
        // suspension, still on the caller's thread, first moves the collection to the executor.
        val collection = scope.launch(callbackDispatcher, start = CoroutineStart.UNDISPATCHED) {
            try {
                flow.collect { item ->
                    // still in the undispatched start, on the caller's thread: move to the executor first
                    if (starting.get() && Thread.currentThread() === starter) yield()
                    deliver(consumer, onError, item)
                }
            } catch (e: CancellationException) {
                throw e
            } catch (e: Throwable) {
                if (starting.get() &&
                    Thread.currentThread() === starter
                ) {
                    reportOnExecutor(onError, e)
                } else {
                    report(onError, e)
                }
            }
        }
        starting.set(false)
        return AutoCloseable { collection.cancel() }
    }

    /**
     * Closes the view: cancels [scope] (pending futures complete with [java.util.concurrent.CancellationException],
     * collections stop) and shuts the view's own callback threads down once the last coroutine has finished; a
     * caller's executor is left running. Does not wait; idempotent.
     */
    override fun close() {
        job.cancel(closedException())
    }

    override fun toString(): String = "JavaView($name, executor=$executor)"

    private fun closedException() = CancellationException("$name was closed")

    private fun ownedExecutor(): ExecutorService = owned ?: synchronized(this) {
        if (released) throw RejectedExecutionException("$name was closed")
        owned ?: newCallbackThreads().also {
            owned = it
            // the threads go once nothing of the view can run there any more (after close or the parent's end; at
            // once if that already happened)
            job.invokeOnCompletion { releaseExecutor() }
        }
    }

    private fun releaseExecutor() {
        val toShutDown = synchronized(this) {
            released = true
            owned
        }
        toShutDown?.shutdown()
    }

    // a user callback may throw anything: it goes to onError
    @Suppress("TooGenericExceptionCaught")
    private fun <T> deliver(consumer: Consumer<in T>, onError: Consumer<in Throwable>?, item: T) {
        try {
            consumer.accept(item)
        } catch (e: Exception) {
            report(onError, e)
        }
    }

    /** Reports a failure seen on the caller's thread during the undispatched start on [executor], where it belongs. */
    private fun reportOnExecutor(onError: Consumer<in Throwable>?, error: Throwable) {
        try {
            executor.execute { report(onError, error) }
        } catch (rejected: RejectedExecutionException) {
            error.addSuppressed(rejected)
            report(onError, error)
        }
    }

    // a user callback may throw anything: it goes to the thread's uncaught-exception handler
    @Suppress("TooGenericExceptionCaught")
    private fun report(onError: Consumer<in Throwable>?, error: Throwable) {
        if (onError == null) return uncaught(error)
        try {
            onError.accept(error)
        } catch (e: Exception) {
            e.addSuppressed(error)
            uncaught(e)
        }
    }

    private fun uncaught(error: Throwable) {
        val thread = Thread.currentThread()
        thread.uncaughtExceptionHandler?.uncaughtException(thread, error)
    }

    private companion object {
        val threads = AtomicInteger()

        /** [Dispatchers.Default] and the [CoroutineName], one per view name: shared by every view of that name. */
        private val contexts = ConcurrentHashMap<String, CoroutineContext>()

        fun baseContext(name: String): CoroutineContext =
            contexts.getOrPut(name) { Dispatchers.Default + CoroutineName(name) }

        /**
         * Daemon threads named `iotsdk-callbacks-<n>`, each started when a callback needs one and none is idle, and
         * stopping after a minute idle, so a view that is never closed keeps neither the JVM nor a thread alive. A
         * collection runs one callback at a time, so the threads busy at once are at most the collections calling
         * back at once: a callback that blocks holds up only its own collection (issue 19).
         */
        fun newCallbackThreads(): ExecutorService =
            ThreadPoolExecutor(0, Int.MAX_VALUE, 1, TimeUnit.MINUTES, SynchronousQueue()) { runnable ->
                Thread(runnable, "iotsdk-callbacks-${threads.incrementAndGet()}").apply { isDaemon = true }
            }
    }
}
