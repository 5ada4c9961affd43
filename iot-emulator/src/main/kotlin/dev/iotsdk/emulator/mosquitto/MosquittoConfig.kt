package dev.iotsdk.emulator.mosquitto

/**
 * How [MosquittoBroker.start] configures its broker. Immutable.
 *
 * The broker always has a plain TCP listener on `127.0.0.1` accepting anonymous clients (MQTT 3.1, 3.1.1 and 5),
 * never persists sessions to disk (`persistence false`), and logs errors, warnings, notices and information.
 *
 * @property tls whether to add a mutual-TLS listener on `127.0.0.1` ([MosquittoBroker.tlsPort]): TLS 1.2 or 1.3,
 *   a server certificate for `localhost`/`127.0.0.1` signed by the broker's own CA, and a client certificate signed
 *   by that CA required (`require_certificate true`). `true` by default.
 * @property extraConfig mosquitto.conf lines appended after the listener blocks: global options apply to the
 *   whole broker; listener-scoped ones (with `per_listener_settings true`, which this config sets, that includes
 *   `allow_anonymous`, `password_file` and `acl_file`) apply to the last listener — the TLS one when [tls] is set —
 *   unless you open a `listener` of your own first. Empty by default.
 * @property maxInflightMessages `max_inflight_messages`: QoS 1 and 2 messages in flight per client at once
 *   (for MQTT 5 clients, the broker's receive maximum); `null` keeps mosquitto's default (20).
 * @property maxQueuedMessages `max_queued_messages`: QoS 1 and 2 messages queued per client beyond those in
 *   flight; `null` keeps mosquitto's default (1000).
 */
public class MosquittoConfig @JvmOverloads constructor(
    public val tls: Boolean = true,
    public val extraConfig: String = "",
    public val maxInflightMessages: Int? = null,
    public val maxQueuedMessages: Int? = null,
) {
    init {
        require(maxInflightMessages == null || maxInflightMessages >= 0) {
            "maxInflightMessages must not be negative (0 means unlimited), was $maxInflightMessages"
        }
        require(maxQueuedMessages == null || maxQueuedMessages >= 0) {
            "maxQueuedMessages must not be negative (0 means unlimited), was $maxQueuedMessages"
        }
    }

    /** Describes the configuration for logs and test failures. */
    override fun toString(): String =
        "MosquittoConfig(tls=$tls, maxInflightMessages=$maxInflightMessages, maxQueuedMessages=$maxQueuedMessages, " +
            "extraConfig=${extraConfig.lines().size} line(s))"
}
