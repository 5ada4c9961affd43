package dev.iotsdk.greengrass

/** Orders or filters the endpoints [GreengrassDiscoveryClient.connectToCore] tries (discovery order by default). */
public fun interface CoreEndpointOrder {
    /** Returns the endpoints to try, in order; may drop or reorder [candidates]. */
    public fun order(candidates: List<CoreEndpoint>): List<CoreEndpoint>
}
