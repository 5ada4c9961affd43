@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.dataplane

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.dataplane.internal.continuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withContext
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * A paginated list operation for Java, walked as its [PaginationConfig] says (the Java form of the Kotlin
 * `…Paginated` flows, like the AWS SDK for Java v2's paginators): from
 * [IotDataPlaneClientJava.listRetainedMessagesPaginator]
 * and [IotDataPlaneClientJava.listNamedShadowsForThingPaginator]. Immutable and reusable: each walk starts again at
 * the configured starting token.
 *
 * Two ways to walk it:
 * - synchronously, as an [Iterable]: each page is requested when the iteration needs it, on the calling thread,
 *   which blocks until it arrives; a failed request throws the SDK's exception (for example a
 *   [DataPlaneServiceException]) from `hasNext()`. Stopping early costs nothing;
 * - asynchronously, with [forEachPage]: the pages go to a callback one at a time, the next request is made when the
 *   callback returns, and the future says when the walk is over.
 *
 * ```java
 * for (ListRetainedMessagesPage page : data.listRetainedMessagesPaginator(new PaginationConfig(null, 50, null))) {
 *     page.getRetainedTopics().forEach(t -> System.out.println(t.getTopic()));
 * }
 * data.listNamedShadowsForThingPaginator("lamp-1", PaginationConfig.DEFAULT)
 *     .forEachPage(page -> names.addAll(page.getResults()))
 *     .join();
 * ```
 *
 * Closing the client fails walks in progress.
 */
public class DataPlanePaginator<P : Any> internal constructor(
    private val view: JavaView,
    private val pagination: PaginationConfig,
    private val pages: (PaginationConfig) -> Flow<P>,
    private val itemCount: (P) -> Int,
    private val nextToken: (P) -> String?,
) : Iterable<P> {
    /**
     * Hands every page to [consumer], on the SDK thread that received it, one at a time; the next page is requested
     * when [consumer] returns. The future completes when the last page was handled, and fails with the first request
     * failure or exception thrown by [consumer] (no more pages are requested then). Cancelling it stops the walk.
     */
    public fun forEachPage(consumer: Consumer<in P>): CompletableFuture<Void?> = view.future {
        pages(pagination).collect { consumer.accept(it) }
        null
    }

    /** [forEachPage] with [consumer] run on [executor]. */
    public fun forEachPage(executor: Executor, consumer: Consumer<in P>): CompletableFuture<Void?> {
        val dispatcher = executor.asCoroutineDispatcher()
        return view.future {
            pages(pagination).collect { page -> withContext(dispatcher) { consumer.accept(page) } }
            null
        }
    }

    /**
     * A new walk over the pages; see the class documentation. `hasNext()` blocks while it requests a page; an
     * interrupt while it waits cancels the request, restores the thread's interrupt flag and throws
     * [java.util.concurrent.CancellationException].
     */
    override fun iterator(): Iterator<P> = PageIterator()

    override fun toString(): String = "DataPlanePaginator($pagination)"

    /**
     * Requests one page at a time: each step is the first page of a walk resumed where the previous step ended (its
     * token and the items still wanted), which is the page the flow would emit next.
     */
    private inner class PageIterator : Iterator<P> {
        private var token: String? = pagination.startingToken
        private var remaining: Int? = pagination.maxItems
        private var done = false
        private var next: P? = null

        override fun hasNext(): Boolean {
            if (next != null) return true
            if (done) return false
            val step = PaginationConfig(remaining, pagination.pageSize, token)
            val page = await(view.future { pages(step).first() })
            val count = itemCount(page)
            val following = continuation(token, nextToken(page))
            val left = remaining
            done = following == null || (left != null && count >= left)
            remaining = left?.minus(count)
            token = following
            next = page
            return true
        }

        override fun next(): P {
            if (!hasNext()) throw NoSuchElementException("no more pages")
            return next!!.also { next = null }
        }

        private fun await(future: CompletableFuture<P>): P = try {
            future.get()
        } catch (e: ExecutionException) {
            throw e.cause ?: e
        } catch (e: InterruptedException) {
            future.cancel(true)
            Thread.currentThread().interrupt()
            throw CancellationException("interrupted while waiting for a page").apply { initCause(e) }
        }
    }
}
