import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What to show instead of a page that failed to render. */
  fallback: ReactNode;
  children: ReactNode;
}

/** Keeps one broken screen from blanking the whole portal (header, navigation and footer stay). */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
