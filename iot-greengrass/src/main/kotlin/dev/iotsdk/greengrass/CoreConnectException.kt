package dev.iotsdk.greengrass

import dev.iotsdk.common.IotClientException

/**
 * [GreengrassDiscoveryClient.connectToCore] could not connect to any core: [attempts] lists every endpoint tried,
 * in order, with the reason it failed (unreachable, the TLS handshake, a group CA that does not parse, a refused
 * CONNECT, a timeout).
 */
public class CoreConnectException(
    /** Every failed attempt, in the order tried. */
    public val attempts: List<CoreConnectAttempt>,
    message: String = describe(attempts),
) : IotClientException(
    message,
    attempts.lastOrNull()?.cause,
    isRetryable = attempts.any {
        it.cause?.isRetryable == true
    },
) {
    private companion object {
        fun describe(attempts: List<CoreConnectAttempt>): String = if (attempts.isEmpty()) {
            "No Greengrass core endpoint to try: the discovery answer has no connectivity entries (or the " +
                "ordering hook removed them all)"
        } else {
            "Could not connect to any Greengrass core (${attempts.size} attempt(s)): " +
                attempts.joinToString("; ") { "${it.endpoint.describe()}: ${it.reason}" }
        }
    }
}
