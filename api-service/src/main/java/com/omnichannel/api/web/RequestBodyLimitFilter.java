package com.omnichannel.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code omni.http.max-body-bytes} ({@code max-provider-body-bytes} on
 * the real providers' webhooks): at once when the declared length is over it, and while reading
 * when a chunked body grows past it.
 */
@Component
// The MVC test slices load filters but not the scanned properties records.
@EnableConfigurationProperties(HttpProperties.class)
class RequestBodyLimitFilter extends OncePerRequestFilter {

  private static final List<String> PROVIDER_WEBHOOKS =
      List.of("/webhooks/whatsapp/", "/webhooks/twilio/", "/webhooks/telegram/");

  private final long maxBodyBytes;
  private final long maxProviderBodyBytes;

  RequestBodyLimitFilter(HttpProperties properties) {
    this.maxBodyBytes = properties.maxBodyBytes();
    this.maxProviderBodyBytes = properties.maxProviderBodyBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI();
    long maxBodyBytes =
        PROVIDER_WEBHOOKS.stream().anyMatch(path::startsWith)
            ? maxProviderBodyBytes
            : this.maxBodyBytes;
    if (request.getContentLengthLong() > maxBodyBytes) {
      Problems.write(
          response,
          HttpStatus.CONTENT_TOO_LARGE,
          "The request body is larger than " + maxBodyBytes + " bytes");
      return;
    }
    chain.doFilter(new LimitedBodyRequest(request, maxBodyBytes), response);
  }

  private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

    private final long limit;

    LimitedBodyRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0) {
            count(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          if (n > 0) {
            count(n);
          }
          return n;
        }

        private void count(int n) throws RequestBodyTooLargeException {
          read += n;
          if (read > limit) {
            throw new RequestBodyTooLargeException(limit);
          }
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
