package dev.iotsdk.emulator.internal.broker

import java.security.SecureRandom

/**
 * Marks a service answer meant for one connection only ([BrokerExtension.publishAsync]): a user property
 * [PROPERTY] whose value is `<secret>:<clientId>`, removed by [DeliveryCheck] before delivery. The secret is drawn
 * per emulator and never leaves it, so a client (over MQTT or the data plane) cannot set or steer the marker: a
 * `iotsdk-emulator-recipient` property it sends is an ordinary user property, delivered like any other.
 */
internal class RecipientMarker(random: SecureRandom = SecureRandom()) {
    private val secret = ByteArray(SECRET_BYTES).also(random::nextBytes).joinToString("") { "%02x".format(it) }

    /** The marker value for [clientId]. */
    fun valueFor(clientId: String): String = "$secret:$clientId"

    /** The client id a marker [value] names, or `null` when [value] is not one of this emulator's markers. */
    fun recipientOf(value: String): String? = value.takeIf { it.startsWith("$secret:") }?.substring(secret.length + 1)

    companion object {
        /** The user property of the marker. */
        const val PROPERTY: String = "iotsdk-emulator-recipient"
        private const val SECRET_BYTES = 16
    }
}
