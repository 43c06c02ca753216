package io.openwinrm.client.powershell;

import io.openwinrm.client.internal.WsmanChannel;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.WsmanAction;

/** {@link ShellTransport} over a real {@link WsmanChannel}. */
final class ChannelTransport implements ShellTransport {
    private final WsmanChannel channel;

    ChannelTransport(WsmanChannel channel) {
        this.channel = channel;
    }

    @Override
    public <T extends Body> T call(WsmanAction action, String resourceUri, String shellId, OptionSet options,
            Body body, Class<T> expect) {
        return channel.call(action, resourceUri, shellId, options, body, expect);
    }

    @Override
    public void close() {
        channel.close();
    }
}
