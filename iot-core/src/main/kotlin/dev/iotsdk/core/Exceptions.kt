package dev.iotsdk.core

import dev.iotsdk.model.IotClientException
import dev.iotsdk.model.IotServiceException

/** A topic name or filter that MQTT or AWS IoT would refuse; nothing was sent. */
public class InvalidTopicException(message: String) : IotClientException(message)

/** A payload over the limit (AWS IoT: 128 KB); nothing was sent. */
public class PayloadTooLargeException(
    /** The payload size in bytes. */
    public val size: Int,
    /** The limit in bytes. */
    public val limit: Int,
) : IotClientException("Payload of $size bytes is over the limit of $limit bytes; split it or send a reference instead")

/** QoS 2 (or any level but 0 and 1) was asked for; AWS IoT supports QoS 0 and 1 only. */
public class UnsupportedQosException(
    /** The level asked for. */
    public val level: Int,
) : IotClientException("QoS $level is not supported: AWS IoT supports QoS 0 and 1 only; use Qos.AT_LEAST_ONCE")

/** A configuration value out of range or missing; the message names the setting. */
public class InvalidConfigurationException(message: String) : IotClientException(message)

/** The client was closed; it cannot be used any more. */
public class ClientClosedException(message: String = "The client is closed; create a new one") :
    IotClientException(message)

/**
 * A connection could not be established. [isRetryable] tells whether trying again may help (the network) or not
 * (credentials, certificates, configuration).
 */
public open class ConnectFailedException(message: String, cause: Throwable? = null, isRetryable: Boolean) :
    IotClientException(message, cause, isRetryable)

/** The TLS handshake failed: a wrong certificate or key, an untrusted server, or a host name mismatch. */
public class TlsHandshakeException(message: String, cause: Throwable? = null) :
    ConnectFailedException(message, cause, isRetryable = false)

/** The WebSocket upgrade was refused (HTTP [status]): typically a bad or expired SigV4 signature. */
public class WebSocketHandshakeException(
    /** The HTTP status of the refused upgrade, when known. */
    public val status: Int?,
    message: String,
    cause: Throwable? = null,
) : ConnectFailedException(message, cause, isRetryable = false)

/** The broker refused the CONNECT with a CONNACK failure [reasonCode] (MQTT 5 reason code or 3.1.1 return code). */
public class ConnectionRefusedException(
    /** The CONNACK reason code (MQTT 5) or return code (MQTT 3.1.1). */
    public val reasonCode: Int,
    /** The CONNACK reason code's name, such as `NOT_AUTHORIZED`. */
    public val reasonName: String,
    /** The broker's reason string, if any. */
    public val reasonString: String? = null,
    retryable: Boolean = false,
) : IotServiceException(
    "The broker refused the connection: $reasonName (0x${reasonCode.toString(16)})" +
        (reasonString?.let { ": $it" } ?: "") + ". Check the client id, credentials and the policy attached to them",
    errorCode = reasonName,
    statusCode = reasonCode,
    isRetryable = retryable,
)

/** The connection was lost while the operation was in flight and the queue behaviour fails such operations. */
public class ConnectionLostException(message: String, cause: Throwable? = null) :
    IotClientException(message, cause, isRetryable = true)

/** The offline queue was full and this operation was dropped under the configured overflow policy. */
public class OfflineQueueFullException(
    /** The queue capacity. */
    public val capacity: Int,
) : IotClientException(
    "The offline queue (capacity $capacity) overflowed and this operation was dropped; raise the capacity or slow down",
    isRetryable = true,
)

/** No acknowledgement arrived within the operation's deadline. */
public class OperationTimeoutException(message: String) : IotClientException(message, isRetryable = true)

/** A PUBACK carried a failure reason code. */
public class PublishRejectedException(
    /** The topic published to. */
    public val topic: String,
    /** The PUBACK reason code. */
    public val reasonCode: Int,
    /** The reason code's name. */
    public val reasonName: String,
    /** The broker's reason string, if any. */
    public val reasonString: String? = null,
) : IotServiceException(
    "Publish to '$topic' was rejected: $reasonName (0x${reasonCode.toString(16)})" +
        (reasonString?.let { ": $it" } ?: ""),
    errorCode = reasonName,
    statusCode = reasonCode,
)

/** The SUBACK refused at least one filter; [outcomes] has every filter's result. */
public class SubscribeRejectedException(
    /** Every filter's SUBACK outcome. */
    public val outcomes: List<SubscribeOutcome>,
) : IotServiceException(
    "Subscribe was rejected: " + outcomes.filter { !it.isSuccess }
        .joinToString { "'${it.filter}' (0x${it.reasonCode.toString(16)})" } + ". Check the policy's iot:Subscribe",
    errorCode = "SUBACK",
    statusCode = outcomes.firstOrNull { !it.isSuccess }?.reasonCode,
)

/** An UNSUBACK carried a failure reason code. */
public class UnsubscribeRejectedException(
    /** The filter. */
    public val filter: String,
    /** The UNSUBACK reason code. */
    public val reasonCode: Int,
) : IotServiceException(
    "Unsubscribe from '$filter' was rejected (0x${reasonCode.toString(16)})",
    errorCode = "UNSUBACK",
    statusCode = reasonCode,
)
