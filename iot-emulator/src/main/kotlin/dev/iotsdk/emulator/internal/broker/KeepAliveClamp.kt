package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput
import com.hivemq.extension.sdk.api.packets.general.MqttVersion
import dev.iotsdk.emulator.internal.broker.BrokerLimits.MAX_KEEP_ALIVE
import dev.iotsdk.emulator.internal.broker.BrokerLimits.MIN_KEEP_ALIVE

/** AWS IoT clamps the requested keep-alive to 30–1200 s (0 means 1200) (spec/connect.md §6.5). */
internal class KeepAliveClamp : ConnectInboundInterceptor {
    override fun onConnect(input: ConnectInboundInput, output: ConnectInboundOutput) {
        val packet = output.connectPacket
        val requested = packet.keepAlive
        // MQTT 5 above 1200 is handled by the broker's max-keep-alive, which tells the client in CONNACK
        val v5 = packet.mqttVersion == MqttVersion.V_5
        val clamped = when {
            requested == 0 -> MAX_KEEP_ALIVE
            requested > MAX_KEEP_ALIVE && !v5 -> MAX_KEEP_ALIVE
            requested < MIN_KEEP_ALIVE -> MIN_KEEP_ALIVE
            else -> requested
        }
        if (clamped != requested) packet.keepAlive = clamped
    }
}
