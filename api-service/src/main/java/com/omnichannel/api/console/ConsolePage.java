package com.omnichannel.api.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Where the console is found: {@code /console/} shows its page, and {@code /console} redirects
 * there, so that the page's relative links ({@code console.js}, {@code console.css}) resolve under
 * {@code /console/}. The files themselves are static resources ({@code static/console/}).
 */
@Configuration
class ConsolePage implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController(ConsoleHeaders.PATH, ConsoleHeaders.PATH + "/");
    registry.addViewController(ConsoleHeaders.PATH + "/").setViewName("forward:index.html");
  }
}
