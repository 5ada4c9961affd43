package dev.iotsdk.tunneling.internal.wire

/**
 * One message of the secure tunneling protocol (`com.amazonaws.iot.securedtunneling.Message`, AWS local proxy
 * `resources/Message.proto`): field numbers 1 [type], 2 [streamId], 3 [ignorable], 4 [payload], 5 [serviceId],
 * 6 [availableServiceIds], 7 [connectionId]. Proto3: a zero / empty field is absent on the wire.
 */
internal class TunnelMessage(
    val type: MessageType,
    val streamId: Int = 0,
    val ignorable: Boolean = false,
    val payload: ByteArray = EMPTY,
    val serviceId: String = "",
    val availableServiceIds: List<String> = emptyList(),
    val connectionId: Int = 0,
) {
    override fun toString(): String =
        "TunnelMessage($type, stream=$streamId, service=$serviceId, connection=${connectionId.toUInt()}, " +
            "payload=${payload.size} bytes, services=$availableServiceIds)"

    companion object {
        val EMPTY: ByteArray = ByteArray(0)

        /** The largest payload a message may carry: 63 KiB (AWS protocol guides, local proxy and aws-c-iot). */
        const val MAX_PAYLOAD: Int = 63 * 1024
    }
}

/** `Message.Type`; [number] is the enum's wire value. */
internal enum class MessageType(val number: Int) {
    UNKNOWN(0),
    DATA(1),
    STREAM_START(2),
    STREAM_RESET(3),
    SESSION_RESET(4),
    SERVICE_IDS(5),
    CONNECTION_START(6),
    CONNECTION_RESET(7),
    ;

    companion object {
        private val byNumber = entries.associateBy { it.number }

        /** The type numbered [number], or `null` when this schema does not know it. */
        fun of(number: Int): MessageType? = byNumber[number]
    }
}
