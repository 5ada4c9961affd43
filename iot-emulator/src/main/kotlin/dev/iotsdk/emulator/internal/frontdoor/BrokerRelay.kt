package dev.iotsdk.emulator.internal.frontdoor

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.ConnectionAttributes
import dev.iotsdk.emulator.internal.ConnectionTable
import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.RelayedConnection
import io.netty.bootstrap.Bootstrap
import io.netty.channel.Channel
import io.netty.channel.ChannelFutureListener
import io.netty.channel.ChannelOption
import io.netty.channel.socket.nio.NioSocketChannel
import io.netty.util.ReferenceCountUtil
import java.net.InetAddress
import java.net.InetSocketAddress

/**
 * Relays an authenticated front-door connection to one of the broker's loopback listeners, recording its identity in
 * [ConnectionTable.relays] under the relay socket itself: the broker side finds it by the socket pair
 * ([ConnectionTable.relayedIdentity]), which no other process can hold while the relay is open.
 */
internal class BrokerRelay(private val table: ConnectionTable, private val events: EventBus) {
    @Volatile
    private var tcpPort = 0

    @Volatile
    private var webSocketPort = 0

    /** The broker's loopback listeners (MQTT over TCP, MQTT over WebSocket), known once it started. */
    fun brokerListeners(tcp: Int, webSocket: Int) {
        tcpPort = tcp
        webSocketPort = webSocket
    }

    /**
     * Connects [front] (its reads paused) to the broker's WebSocket listener when [webSocket], else its TCP one,
     * writes [early] (the bytes read from the client
     * until then, taken once connected), then calls [ready] on [front]'s event loop with the broker-side channel. On
     * failure [front] is closed.
     */
    fun connect(
        front: Channel,
        webSocket: Boolean,
        attributes: ConnectionAttributes,
        early: () -> List<Any>,
        ready: (Channel) -> Unit,
    ) {
        front.config().isAutoRead = false
        val loopback = InetAddress.getLoopbackAddress()
        val port = if (webSocket) webSocketPort else tcpPort
        Bootstrap().group(front.eventLoop()).channel(NioSocketChannel::class.java)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, true)
            .handler(Relay(front))
            .connect(InetSocketAddress(loopback, port), InetSocketAddress(loopback, 0))
            .addListener(
                ChannelFutureListener { future ->
                    if (!future.isSuccess) {
                        early().forEach { ReferenceCountUtil.release(it) }
                        events.emit(EmulatorEvent.ConnectionRefused(attributes.listener, "broker unavailable"))
                        front.close()
                        return@ChannelFutureListener
                    }
                    val back = future.channel()
                    val key = back.localAddress() as InetSocketAddress
                    val entry = RelayedConnection(attributes, back)
                    table.relays[key] = entry
                    back.closeFuture().addListener { table.relays.remove(key, entry) }
                    if (!front.isActive) {
                        early().forEach { ReferenceCountUtil.release(it) }
                        back.close()
                        return@ChannelFutureListener
                    }
                    early().forEach { back.write(it) }
                    back.flush()
                    ready(back)
                    front.config().isAutoRead = true
                },
            )
    }
}
