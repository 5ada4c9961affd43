package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonObject

/**
 * A shadow document as the service returns it: the full document on `…/get/accepted` (with [ShadowState.delta]
 * when desired and reported differ), and on `…/update/accepted` only the fields of the request. [metadata] mirrors
 * the state sections with a `{"timestamp": …}` per leaf (arrays: one per element). [timestamp] is the response
 * time in epoch seconds.
 *
 * Stability: mirrors AWS's wire format; new optional fields may be added.
 */
@Serializable
public class ShadowDocument(
    /** The state sections. */
    public val state: ShadowState? = null,
    /** The per-leaf timestamps, as sent. */
    public val metadata: JsonObject? = null,
    /** The document version. */
    public val version: Long? = null,
    /** When the response was generated, epoch seconds. */
    public val timestamp: Long? = null,
    /** The request's client token. */
    public val clientToken: String? = null,
) {
    override fun toString(): String =
        "ShadowDocument(version=$version, state=$state, timestamp=$timestamp, clientToken=$clientToken)"
}
