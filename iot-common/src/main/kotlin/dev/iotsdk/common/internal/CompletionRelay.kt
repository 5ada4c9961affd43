package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import kotlin.coroutines.EmptyCoroutineContext

/**
 * Runs short tasks handed over from an I/O thread (completing futures, whose dependent stages then run) on
 * [dispatcher], batched: tasks that arrive together share one dispatch instead of a dispatcher task each. A burst of
 * acknowledgements read at once costs one hand-off, not one per acknowledgement.
 *
 * A task may block (a dependent stage that joins another future completed through this relay): while tasks wait
 * behind the one running, another drain is already dispatched, so a blocked task never holds up the ones behind it.
 * Tasks run in the order they arrived within a drain; drains may overlap, as separate dispatcher tasks did.
 *
 * ```kotlin
 * val relay = CompletionRelay()
 * transport.send(request) { ack -> relay.execute { future.complete(ack) } }
 * ```
 */
@InternalIotSdkApi
public class CompletionRelay(private val dispatcher: CoroutineDispatcher = Dispatchers.Default) {
    private val tasks = ConcurrentLinkedQueue<Runnable>()

    /** 1 while a drain is dispatched and has not started yet: later tasks ride on it. */
    @Volatile private var pending = 0

    private val drain = Runnable { drain() }

    /** Queues [task]; a drain is dispatched unless one is already on its way. */
    public fun execute(task: Runnable) {
        tasks.offer(task)
        dispatchDrain()
    }

    private fun dispatchDrain() {
        if (pending == 0 && PENDING.compareAndSet(this, 0, 1)) dispatcher.dispatch(EmptyCoroutineContext, drain)
    }

    private fun drain() {
        // from here on, a task that arrives needs a drain of its own unless this one still finds it
        pending = 0
        while (true) {
            val task = tasks.poll() ?: return
            // the task may block: the ones behind it get another drain
            if (!tasks.isEmpty()) dispatchDrain()
            task.run()
        }
    }

    private companion object {
        val PENDING: AtomicIntegerFieldUpdater<CompletionRelay> =
            AtomicIntegerFieldUpdater.newUpdater(CompletionRelay::class.java, "pending")
    }
}
