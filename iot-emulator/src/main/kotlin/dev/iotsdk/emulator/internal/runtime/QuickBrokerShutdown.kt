package dev.iotsdk.emulator.internal.runtime

import com.hivemq.bootstrap.NettyShutdownHook
import com.hivemq.common.shutdown.HiveMQShutdownHook
import com.hivemq.common.shutdown.ShutdownHooks
import com.hivemq.configuration.service.InternalConfigurations
import com.hivemq.embedded.EmbeddedHiveMQ
import com.hivemq.persistence.connection.ConnectionPersistence
import io.netty.channel.EventLoopGroup
import org.slf4j.LoggerFactory
import java.lang.reflect.Method
import java.util.concurrent.ExecutionException
import java.util.concurrent.Future
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/**
 * Takes HiveMQ's production pauses out of the embedded broker's stop, which otherwise takes 4 s with no client
 * connected: 2 s of Netty quiet period (hard-coded in HiveMQ's `NettyShutdownHook`) and a 2 s persistence grace
 * period. A test suite that starts an emulator per spec paid them on every close; the emulator's state is saved
 * before the broker stops and its persistence is in memory, so nothing waits on them.
 *
 * [beforeStart] zeroes the grace period (a HiveMQ setting, JVM-wide, read at stop). [afterStart] swaps the broker's
 * Netty shutdown hook for [QuickNettyShutdown], which does the same work in the same order with no quiet period. If
 * HiveMQ's internals are not as expected, the broker keeps its own hook and only stops more slowly.
 */
internal object QuickBrokerShutdown {
    private val log = LoggerFactory.getLogger(QuickBrokerShutdown::class.java)

    /** Zeroes HiveMQ's persistence grace period at stop (JVM-wide; only the emulator's brokers run here). */
    fun beforeStart() {
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(0)
    }

    /** Swaps [broker]'s Netty shutdown hook for [QuickNettyShutdown]; `false` when it keeps HiveMQ's own. */
    fun afterStart(broker: EmbeddedHiveMQ): Boolean {
        return try {
            val hooks = HiveMqInternals.instance(broker, ShutdownHooks::class.java)
            // the multimap is Guava's, which the emulator does not compile against
            val all = ShutdownHooks::class.java.getMethod("getShutdownHooks").invoke(hooks)
            val values = all.javaClass.getMethod("values").apply { isAccessible = true }.invoke(all) as Collection<*>
            val netty = values.filterIsInstance<NettyShutdownHook>().singleOrNull() ?: return false
            val quick = QuickNettyShutdown(
                workers = netty.field("workerGroup"),
                boss = netty.field("bossGroup"),
                connections = netty.field("connectionPersistence"),
                connectionsTimeoutSeconds = netty.field<Int>("connectionPersistenceShutdownTimeout").toLong(),
                loopsTimeoutSeconds = netty.field<Int>("eventLoopsShutdownTimeout").toLong(),
            )
            hooks.remove(netty)
            hooks.add(quick)
            true
        } catch (
            @Suppress("TooGenericExceptionCaught") e: Exception,
        ) {
            log.debug("keeping HiveMQ's own Netty shutdown: {}", e.toString())
            false
        }
    }

    private inline fun <reified T> Any.field(name: String): T = HiveMqInternals.field(this, name)
}

/**
 * HiveMQ's Netty shutdown without the quiet period: disconnects the clients, then stops the worker and boss event
 * loops as soon as their queued tasks have run.
 */
internal class QuickNettyShutdown(
    private val workers: EventLoopGroup,
    private val boss: EventLoopGroup,
    private val connections: ConnectionPersistence,
    private val connectionsTimeoutSeconds: Long,
    private val loopsTimeoutSeconds: Long,
) : HiveMQShutdownHook {
    override fun name(): String = "Netty Shutdown"

    override fun priority(): HiveMQShutdownHook.Priority = HiveMQShutdownHook.Priority.MEDIUM

    override fun run() {
        try {
            (SHUT_DOWN.invoke(connections) as Future<*>).get(connectionsTimeoutSeconds, TimeUnit.SECONDS)
        } catch (e: InterruptedException) {
            interrupted(e)
            Thread.currentThread().interrupt()
        } catch (e: ExecutionException) {
            interrupted(e)
        } catch (e: TimeoutException) {
            interrupted(e)
        }
        val workersDone = workers.shutdownGracefully(0, loopsTimeoutSeconds, TimeUnit.SECONDS)
        val bossDone = boss.shutdownGracefully(0, loopsTimeoutSeconds, TimeUnit.SECONDS)
        workersDone.awaitUninterruptibly()
        bossDone.awaitUninterruptibly()
    }

    private fun interrupted(cause: Exception) {
        log.debug("client shutdown did not finish: {}", cause.toString())
        connections.interruptShutdown()
    }

    private companion object {
        val log = LoggerFactory.getLogger(QuickNettyShutdown::class.java)
        val SHUT_DOWN: Method = ConnectionPersistence::class.java.getMethod("shutDown")
    }
}
