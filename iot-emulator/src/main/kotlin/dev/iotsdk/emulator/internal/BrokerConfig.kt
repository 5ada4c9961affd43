package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.internal.broker.BrokerLimits
import java.net.InetAddress
import java.net.ServerSocket
import java.nio.file.Files
import java.nio.file.Path

/** Writes HiveMQ CE's `config.xml` and finds free loopback ports. */
internal object BrokerConfig {
    const val INTERNAL_TCP_LISTENER: String = "iotsdk-internal-tcp"
    const val INTERNAL_WS_LISTENER: String = "iotsdk-internal-ws"
    const val PLAIN_LISTENER: String = "iotsdk-plain"
    private const val MAX_MESSAGE_EXPIRY_SECONDS = 604_800

    /** The broker's loopback listeners: internal TCP and WebSocket (at [wssPath]), and the plain port when on. */
    class Listeners(val internalTcp: Int, val internalWs: Int, val plainPort: Int?, val wssPath: String)

    /** A port that was free a moment ago on 127.0.0.1 (0 is resolved; a fixed port is returned as is). */
    fun freePort(fixed: Int = 0): Int {
        if (fixed != 0) return fixed
        ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { return it.localPort }
    }

    /**
     * QoS: `max-qos` 1, so MQTT 5 clients see Maximum QoS 1 in CONNACK, QoS 2 subscriptions are granted QoS 1 and a
     * QoS 2 PUBLISH is a protocol error (AWS IoT supports QoS 0 and 1 only).
     *
     * The other CONNACK properties are AWS IoT's (spec/connect.md §6.5): Topic Alias Maximum 8, Subscription
     * Identifier Available 0, and a Maximum Packet Size ([BrokerLimits.MAX_PACKET_BYTES]) that carries a 128 KB
     * payload with its topic and properties; the broker enforces both (a larger packet or an alias above 8 ends the
     * connection, as MQTT 5 §3.1.2.11.4 / §3.3.2.3.4 require).
     *
     * Persistent sessions as AWS IoT keeps them (spec/connect.md §6.1, §6.3; DG "MQTT persistent sessions"): a
     * disconnected client's session lasts [maxSessionExpirySeconds] (AWS: 1 hour by default, adjustable up to 7
     * days); a longer MQTT 5 Session Expiry Interval is lowered to it and the CONNACK says so; an MQTT 3.1.1
     * persistent session gets it. Its subscriptions and the QoS 1 messages for them are kept while it is offline, up
     * to 100000 per client: beyond that new messages are dropped and the queued ones kept (`discard`, as AWS drops
     * what exceeds its queue quota). Message Expiry Interval at most 7 days (AWS's maximum).
     */
    fun write(configDir: Path, listeners: Listeners, maxSessionExpirySeconds: Long) {
        val internalTcp = listeners.internalTcp
        val internalWs = listeners.internalWs
        val plainPort = listeners.plainPort
        val wssPath = listeners.wssPath
        val plain = if (plainPort == null) {
            ""
        } else {
            """
            |    <tcp-listener><port>$plainPort</port><bind-address>127.0.0.1</bind-address><name>$PLAIN_LISTENER</name></tcp-listener>
            """.trimMargin()
        }
        val xml = """
            |<?xml version="1.0" encoding="UTF-8"?>
            |<hivemq>
            |  <listeners>
            |    <tcp-listener><port>$internalTcp</port><bind-address>127.0.0.1</bind-address><name>$INTERNAL_TCP_LISTENER</name></tcp-listener>
            |    <websocket-listener>
            |      <port>$internalWs</port><bind-address>127.0.0.1</bind-address><path>$wssPath</path><name>$INTERNAL_WS_LISTENER</name>
            |      <subprotocols><subprotocol>mqtt</subprotocol><subprotocol>mqttv3.1</subprotocol></subprotocols>
            |      <allow-extensions>true</allow-extensions>
            |    </websocket-listener>
            |$plain
            |  </listeners>
            |  <mqtt>
            |    <packets><max-packet-size>${BrokerLimits.MAX_PACKET_BYTES}</max-packet-size></packets>
            |    <topic-alias>
            |      <enabled>true</enabled><max-per-client>${BrokerLimits.TOPIC_ALIAS_MAXIMUM}</max-per-client>
            |    </topic-alias>
            |    <subscription-identifier><enabled>false</enabled></subscription-identifier>
            |    <quality-of-service><max-qos>1</max-qos></quality-of-service>
            |    <keep-alive><max-keep-alive>1200</max-keep-alive><allow-unlimited>false</allow-unlimited></keep-alive>
            |    <receive-maximum><server-receive-maximum>100</server-receive-maximum></receive-maximum>
            |    <queued-messages><max-queue-size>100000</max-queue-size><strategy>discard</strategy></queued-messages>
            |    <session-expiry><max-interval>$maxSessionExpirySeconds</max-interval></session-expiry>
            |    <message-expiry><max-interval>$MAX_MESSAGE_EXPIRY_SECONDS</max-interval></message-expiry>
            |  </mqtt>
            |  <persistence><mode>in-memory</mode></persistence>
            |  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
            |</hivemq>
            |
        """.trimMargin()
        Files.createDirectories(configDir)
        Files.writeString(configDir.resolve("config.xml"), xml)
    }
}
