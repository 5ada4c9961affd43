package dev.iotsdk.benchmarks.clients

import org.eclipse.paho.mqttv5.client.IMqttToken
import org.eclipse.paho.mqttv5.client.MqttActionListener
import org.eclipse.paho.mqttv5.client.MqttAsyncClient
import org.eclipse.paho.mqttv5.client.MqttCallback
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence
import org.eclipse.paho.mqttv5.common.MqttException
import org.eclipse.paho.mqttv5.common.MqttMessage
import org.eclipse.paho.mqttv5.common.MqttSubscription
import org.eclipse.paho.mqttv5.common.packet.MqttProperties

/** Eclipse Paho MQTT v5 1.2.5, `MqttAsyncClient` with in-memory persistence (no files), action listeners. */
internal class PahoClient(spec: ClientSpec) : BenchClient {
    private val scheme = if (spec.tls == null) "tcp" else "ssl"
    private val client = MqttAsyncClient("$scheme://${spec.host}:${spec.port}", spec.clientId, MemoryPersistence())
    private val options = MqttConnectionOptions().apply {
        isCleanStart = true
        isAutomaticReconnect = false
        spec.tls?.let { socketFactory = Pem.sslContext(it).socketFactory }
    }

    private val callbacks = CallbackTable()

    init {
        client.setCallback(object : MqttCallback {
            override fun disconnected(response: MqttDisconnectResponse?) = Unit
            override fun mqttErrorOccurred(exception: MqttException?) = Unit
            override fun messageArrived(topic: String, message: MqttMessage) {
                callbacks.dispatch(topic, message.payload)
            }
            override fun deliveryComplete(token: IMqttToken?) = Unit
            override fun connectComplete(reconnect: Boolean, serverURI: String?) = Unit
            override fun authPacketArrived(reasonCode: Int, properties: MqttProperties?) = Unit
        })
    }

    override fun connectAsync(done: Completion) {
        client.connect(options, null, listener(done))
    }

    override fun publish(topic: String, payload: ByteArray, qos: Int, done: Completion) {
        try {
            client.publish(topic, payload, qos, false, null, listener(done))
        } catch (e: MqttException) {
            done.complete(e)
        }
    }

    override fun subscribe(filter: String, qos: Int, onMessage: (topic: String, payload: ByteArray) -> Unit) {
        callbacks.add(filter, onMessage)
        client.subscribe(MqttSubscription(filter, qos)).waitForCompletion(BenchClient.CONNECT_TIMEOUT_MILLIS)
    }

    override fun close() {
        runCatching { client.disconnect().waitForCompletion(5_000) }
        runCatching { client.close(true) }
    }

    private fun listener(done: Completion) = object : MqttActionListener {
        override fun onSuccess(token: IMqttToken?) = done.complete(null)
        override fun onFailure(token: IMqttToken?, exception: Throwable?) =
            done.complete(exception ?: IllegalStateException("Paho reported a failure without an exception"))
    }
}
