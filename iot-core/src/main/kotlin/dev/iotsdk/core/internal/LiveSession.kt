package dev.iotsdk.core.internal

import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.internal.transport.MqttConnection
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.TimeMark

/**
 * The connection while it can take operations (subscriptions restored): its in-flight window (this [SendWindow]), the
 * scope its operations run in (made on first use, cancelled when the connection ends), and the queue drainer's state.
 * The drainer runs only while the queue holds something ([OperationSender.kickDrainer]), so an idle connection costs
 * no coroutine. It is also the handler of its connection's end ([ConnectionLoop.onSessionEnd]).
 */
internal class LiveSession(
    val conn: MqttConnection,
    val run: ClientRun,
    val connectedAt: TimeMark,
    permits: Int,
    val limiter: RateLimiter?,
    /** Operations queued before this session started that the drain interval still applies to (drainer only). */
    @Volatile var backlog: Int,
    private val loop: ConnectionLoop,
) : SendWindow(permits),
    (ConnectionClosedException?, Throwable?) -> Unit {
    /** Set while a drainer runs: at most one at a time, and each hands over to the next through this flag. */
    // a plain field (no accessors) so the DRAINING updater may reach it
    @JvmField @Volatile
    var draining = 0

    fun tryStartDraining(): Boolean = DRAINING.compareAndSet(this, 0, 1)

    /** `null` until the first [scope], then the scope, then [ENDED] for good (one field: a field per connection). */
    private var sessionScope: CoroutineScope? = null

    /** The scope this session's operations run in, or `null` once it [end]ed. */
    fun scope(): CoroutineScope? = synchronized(this) {
        val current = sessionScope
        if (current === ENDED) return null
        current ?: CoroutineScope(loop.clientScope.coroutineContext + Job(run.job)).also { sessionScope = it }
    }

    /** Ends the session: no more scope; returns the job to cancel, if one was made. */
    fun end(): Job? = synchronized(this) {
        val current = sessionScope
        sessionScope = ENDED
        if (current === ENDED) null else current?.coroutineContext?.get(Job)
    }

    /** The connection ended. */
    override fun invoke(cause: ConnectionClosedException?, failure: Throwable?) {
        loop.onSessionEnd(this)
    }

    private companion object {
        /** [sessionScope] once the session ended. */
        val ENDED: CoroutineScope = CoroutineScope(EmptyCoroutineContext)

        val DRAINING: AtomicIntegerFieldUpdater<LiveSession> =
            AtomicIntegerFieldUpdater.newUpdater(LiveSession::class.java, "draining")
    }
}
