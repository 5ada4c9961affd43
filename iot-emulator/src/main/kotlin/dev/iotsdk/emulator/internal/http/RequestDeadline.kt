package dev.iotsdk.emulator.internal.http

import io.netty.buffer.Unpooled
import io.netty.channel.ChannelDuplexHandler
import io.netty.channel.ChannelFutureListener
import io.netty.channel.ChannelHandlerContext
import io.netty.util.concurrent.ScheduledFuture
import java.util.concurrent.TimeUnit

/**
 * The read and idle timeouts of one HTTPS connection, below the HTTP codec (it sees bytes): a request must be
 * complete within [HttpSettings.requestTimeoutMillis] of its first byte (slow heads and trickled bodies alike, else
 * 408 and the connection is closed), and a connection with no request for [HttpSettings.idleTimeoutMillis] is closed.
 * All on the connection's event loop.
 */
internal class RequestDeadline(private val settings: HttpSettings) : ChannelDuplexHandler() {
    private var ctx: ChannelHandlerContext? = null
    private var deadline: ScheduledFuture<*>? = null
    private var idle: ScheduledFuture<*>? = null
    private var serving = 0

    override fun handlerAdded(ctx: ChannelHandlerContext) {
        this.ctx = ctx
        armIdle()
    }

    override fun channelRead(ctx: ChannelHandlerContext, msg: Any) {
        if (deadline == null && serving == 0) {
            idle?.cancel(false)
            idle = null
            deadline = ctx.executor().schedule({ timedOut(ctx) }, settings.requestTimeoutMillis, TimeUnit.MILLISECONDS)
        }
        ctx.fireChannelRead(msg)
    }

    /** A whole request was read: its deadline is met. */
    fun requestRead() {
        deadline?.cancel(false)
        deadline = null
        serving++
    }

    /** A response was written: the connection is idle again unless another request is under way. */
    fun responseWritten() {
        serving--
        if (serving == 0 && deadline == null) armIdle()
    }

    private fun armIdle() {
        val context = ctx ?: return
        idle?.cancel(false)
        idle = context.executor().schedule({ context.close() }, settings.idleTimeoutMillis, TimeUnit.MILLISECONDS)
    }

    private fun timedOut(ctx: ChannelHandlerContext) {
        val body = """{"message":"Request Timeout"}"""
        val response = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: " +
            "${body.length}\r\nConnection: close\r\n\r\n$body"
        ctx.writeAndFlush(Unpooled.copiedBuffer(response, Charsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE)
    }

    override fun channelInactive(ctx: ChannelHandlerContext) {
        deadline?.cancel(false)
        idle?.cancel(false)
        ctx.fireChannelInactive()
    }
}
