package dev.iotsdk.core

/** A subscription of the Java view: closing it stops its callbacks and the subscription. */
internal class JavaSubscription(private val sub: MqttSubscription, private val collecting: AutoCloseable) :
    MqttSubscription by sub {
    override fun close() {
        collecting.close()
        sub.close()
    }

    override fun toString(): String = sub.toString()
}
