package dev.iotsdk.greengrass

/**
 * The v1 SDK's name for the discovery client (`DiscoveryInfoProvider`): the same type as [GreengrassDiscoveryClient].
 */
public typealias DiscoveryInfoProvider = GreengrassDiscoveryClient
