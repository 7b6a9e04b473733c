import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { Icon, type IconName } from '../Icon';

interface PageHeaderProps {
  title: string;
  icon?: IconName;
  children?: ComponentChildren;
}

/** A page's heading and lead paragraph; also sets the document title. */
export function PageHeader({ title, icon, children }: PageHeaderProps) {
  useEffect(() => {
    document.title = `${title} · Offgrid`;
  }, [title]);
  return (
    <header class="page-header">
      <h1>
        {icon && <Icon name={icon} size={28} />}
        {title}
      </h1>
      {children && <p class="lead">{children}</p>}
    </header>
  );
}
