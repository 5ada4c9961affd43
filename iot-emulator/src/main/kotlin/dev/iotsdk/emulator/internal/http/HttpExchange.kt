package dev.iotsdk.emulator.internal.http

import dev.iotsdk.emulator.internal.ConnectionAttributes
import io.netty.buffer.ByteBufUtil
import io.netty.buffer.Unpooled
import io.netty.channel.ChannelFutureListener
import io.netty.channel.ChannelHandlerContext
import io.netty.channel.ChannelPipeline
import io.netty.channel.SimpleChannelInboundHandler
import io.netty.handler.codec.http.DefaultFullHttpResponse
import io.netty.handler.codec.http.FullHttpRequest
import io.netty.handler.codec.http.HttpHeaderNames
import io.netty.handler.codec.http.HttpHeaderValues
import io.netty.handler.codec.http.HttpObjectAggregator
import io.netty.handler.codec.http.HttpResponseStatus
import io.netty.handler.codec.http.HttpServerCodec
import io.netty.handler.codec.http.HttpUtil
import io.netty.handler.codec.http.HttpVersion
import java.util.ArrayDeque
import java.util.UUID

/**
 * Serves HTTP/1.1 on one front-door connection: Netty reads and parses each request on the event loop (bounded head
 * and body, [RequestDeadline]'s timeouts), then [services] runs it with the identity of this connection
 * ([attributes], learned from its TLS handshake), one request at a time: reading pauses while a request is served,
 * and pipelined requests wait here (at most [HttpSettings.MAX_PIPELINED]).
 */
internal class HttpExchange(
    private val attributes: ConnectionAttributes,
    private val services: HttpServices,
    private val deadline: RequestDeadline,
) : SimpleChannelInboundHandler<FullHttpRequest>() {
    private class Waiting(val call: HttpCall?, val keepAlive: Boolean)

    private val waiting = ArrayDeque<Waiting>()
    private var busy = false

    override fun channelRead0(ctx: ChannelHandlerContext, request: FullHttpRequest) {
        deadline.requestRead()
        if (waiting.size >= HttpSettings.MAX_PIPELINED) {
            ctx.close()
            return
        }
        val call = if (request.decoderResult().isSuccess) toCall(request) else null
        waiting += Waiting(call, call != null && HttpUtil.isKeepAlive(request))
        ctx.channel().config().isAutoRead = false
        if (!busy) next(ctx)
    }

    private fun next(ctx: ChannelHandlerContext) {
        val exchange = waiting.poll()
        if (exchange == null) {
            ctx.channel().config().isAutoRead = true
            ctx.read()
            return
        }
        busy = true
        val call = exchange.call
        if (call == null) {
            val type = mapOf("x-amzn-ErrorType" to "InvalidRequestException:")
            write(ctx, HttpReply.json(BAD_REQUEST, """{"message":"Bad Request"}""", type), false)
            return
        }
        services.submit(call) { reply -> ctx.executor().execute { write(ctx, reply, exchange.keepAlive) } }
    }

    private fun write(ctx: ChannelHandlerContext, reply: HttpReply, keepAlive: Boolean) {
        val response = DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(reply.status),
            Unpooled.wrappedBuffer(reply.body),
        )
        reply.headers.forEach { (k, v) -> response.headers().add(k, v) }
        response.headers().set("x-amzn-RequestId", UUID.randomUUID().toString())
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, reply.body.size)
        if (!keepAlive) response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        val written = ctx.writeAndFlush(response)
        deadline.responseWritten()
        busy = false
        if (keepAlive) next(ctx) else written.addListener(ChannelFutureListener.CLOSE)
    }

    private fun toCall(request: FullHttpRequest): HttpCall {
        val uri = request.uri()
        val q = uri.indexOf('?')
        val headers = LinkedHashMap<String, MutableList<String>>()
        request.headers().forEach { (k, v) -> headers.getOrPut(k.lowercase()) { ArrayList() } += v }
        return HttpCall(
            request.method().name(),
            if (q < 0) uri else uri.substring(0, q),
            if (q < 0) null else uri.substring(q + 1),
            headers,
            ByteBufUtil.getBytes(request.content()),
            attributes,
        )
    }

    @Suppress("OVERRIDE_DEPRECATION")
    override fun exceptionCaught(ctx: ChannelHandlerContext, cause: Throwable) {
        ctx.close()
    }

    companion object {
        private const val BAD_REQUEST = 400

        /**
         * Turns the rest of [pipeline], after the handler named [after] (TLS), into an HTTP server for a connection
         * with [attributes]; the bytes already read must then be fired from [after]'s context.
         */
        fun install(
            pipeline: ChannelPipeline,
            after: String,
            attributes: ConnectionAttributes,
            services: HttpServices,
        ) {
            val deadline = RequestDeadline(services.settings)
            pipeline.addAfter(after, "http-deadline", deadline)
            pipeline.addAfter(
                "http-deadline",
                "http-codec",
                HttpServerCodec(MAX_INITIAL_LINE, HttpSettings.MAX_HEAD, MAX_CHUNK),
            )
            pipeline.addAfter("http-codec", "http-aggregator", HttpObjectAggregator(HttpSettings.MAX_BODY))
            pipeline.addAfter("http-aggregator", "http-exchange", HttpExchange(attributes, services, deadline))
        }

        private const val MAX_INITIAL_LINE = 8192
        private const val MAX_CHUNK = 8192
    }
}
