package dev.iotsdk.core.internal

/** The acknowledgement a message of an [dev.iotsdk.core.Acknowledgement.MANUAL] collector waits for. */
internal class ManualAck(private val collector: Collector, val delivery: Delivery) {
    fun acknowledge() = collector.acknowledged(this)
}
